"""Output formats by name: ``@renderer("txt")`` registers a class whose instance renders a Document.

A renderer only walks the document model; it never computes, translates or reorders. Each format
module registers itself on import; :func:`load_renderers` imports every format module that exists,
so ``RENDERERS.get("pdf")`` works without the caller knowing the module (and a bad name lists the
known formats, through :class:`~srdi_report.registry.Registry`).
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
from collections.abc import Callable, Sequence
from typing import NoReturn, Protocol, TypeVar

from srdi_report.compose.model import Document
from srdi_report.errors import UnknownNameError
from srdi_report.registry import Registry

# The module that registers each format when imported. Only the requested format's module is
# imported (a txt build never loads ReportLab); a module missing from this checkout (a format
# still being written) is not offered.
FORMAT_MODULES = {"txt": "text", "pdf": "pdf", "docx": "docx", "xlsx": "xlsx"}


class Renderer(Protocol):
    """Turns one document in one language into the bytes of one file."""

    def render(self, document: Document, locale: str) -> bytes:
        """Return the file's bytes; the same document gives the same bytes."""
        ...


R = TypeVar("R", bound=type)

RENDERERS: Registry[Renderer] = Registry("output format")


def renderer(fmt: str) -> Callable[[R], R]:
    """Class decorator: register an instance of the class (made without arguments) as ``fmt``."""

    def add(cls: R) -> R:
        RENDERERS.register(fmt)(cls())
        return cls

    return add


def available_formats() -> tuple[str, ...]:
    """Formats whose module exists in this installation (registered or not yet imported)."""
    found = {fmt for fmt, module in FORMAT_MODULES.items() if _module_exists(module)}
    return tuple(sorted(found | set(RENDERERS.names())))


def load_renderers() -> Registry[Renderer]:
    """Import every format module present (each registers itself) and return the registry."""
    for fmt in available_formats():
        get_renderer(fmt)
    return RENDERERS


def check_formats(formats: Sequence[str]) -> None:
    """Refuse an unknown format without importing any renderer (a cached build needs none).

    Raises:
        UnknownNameError: a format is not available; the message lists the known ones.
    """
    known = available_formats()
    for fmt in formats:
        if fmt not in known:
            _unknown(fmt, known)


def get_renderer(fmt: str) -> Renderer:
    """The renderer of ``fmt``, importing only its own module.

    Raises:
        UnknownNameError: no such format; the message lists the known ones.
    """
    if fmt not in RENDERERS and fmt in FORMAT_MODULES and _module_exists(FORMAT_MODULES[fmt]):
        importlib.import_module(f"{__package__}.{FORMAT_MODULES[fmt]}")
    if fmt not in RENDERERS:
        _unknown(fmt, available_formats())
    return RENDERERS.get(fmt)


def _unknown(fmt: str, known: Sequence[str]) -> NoReturn:
    near = difflib.get_close_matches(fmt, known, n=1)
    hint = f" Did you mean {near[0]!r}?" if near else ""
    raise UnknownNameError(f"unknown {RENDERERS.kind} {fmt!r}.{hint} Known: {', '.join(known)}")


def _module_exists(module: str) -> bool:
    return importlib.util.find_spec(f"{__package__}.{module}") is not None
