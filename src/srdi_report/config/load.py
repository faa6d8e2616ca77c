"""config.toml → Config; an unknown key or a wrong type is a ConfigError naming key and type."""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from srdi_report.config.model import Config
from srdi_report.errors import ConfigError

T = TypeVar("T")


def load_config(path: Path | None = None) -> Config:
    """Read ``path`` (TOML) into a Config; a missing path gives the defaults.

    Raises:
        ConfigError: unreadable TOML, an unknown key or section, or a value of the wrong type.
    """
    if path is None or not path.exists():
        if path is not None and path.name != "config.toml":
            raise ConfigError(f"{path}: config file not found")
        return Config()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: not valid TOML ({err})") from None
    return config_from_mapping(raw, source=str(path))


def config_from_mapping(raw: dict[str, Any], source: str = "config.toml") -> Config:
    """Build a Config from a parsed TOML mapping (exposed for tests and CLI overrides)."""
    return _build(Config, raw, source, section="")


def _build(cls: type[T], raw: dict[str, Any], source: str, section: str) -> T:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    where = f"{source} [{section}]" if section else source
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            near = difflib.get_close_matches(key, fields, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            kind = "section" if not section else "key"
            raise ConfigError(
                f"{where}: unknown {kind} {key!r}{hint}; known {kind}s: {', '.join(fields)}"
            )
        expected = hints[key]
        name = f"{section}.{key}" if section else key
        if dataclasses.is_dataclass(expected):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: {key!r} must be a table [{name}]")
            values[key] = _build(expected, value, source, name)  # type: ignore[arg-type]
        else:
            values[key] = _coerce(value, expected, where, key)
    return cls(**values)


def _coerce(value: Any, expected: Any, where: str, key: str) -> Any:
    origin = typing.get_origin(expected)
    if origin is tuple:
        (item_type, _ellipsis) = typing.get_args(expected)
        if not isinstance(value, list) or not all(isinstance(v, item_type) for v in value):
            _wrong_type(where, key, value, f"array of {item_type.__name__}")
        return tuple(value)
    if origin in (typing.Union, types.UnionType):
        raise TypeError(f"config field {key} uses a union; give it one concrete type")
    # bool is a subclass of int: `min_cell = true` must not pass as 1.
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        _wrong_type(where, key, value, "integer")
    if expected is float and (isinstance(value, bool) or not isinstance(value, (int, float))):
        _wrong_type(where, key, value, "number")
    if expected in (str, bool) and not isinstance(value, expected):
        _wrong_type(where, key, value, {str: "string", bool: "boolean"}[expected])
    return float(value) if expected is float else value


def _wrong_type(where: str, key: str, value: Any, expected: str) -> typing.NoReturn:
    got = type(value).__name__
    raise ConfigError(f"{where}: {key!r} must be {expected}, got {value!r} ({got})")
