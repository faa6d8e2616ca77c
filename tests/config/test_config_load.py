from __future__ import annotations

from pathlib import Path

import pytest

from srdi_report.config import Config, load_config
from srdi_report.config.load import config_from_mapping
from srdi_report.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")) == Config()
    assert Config().metrics.min_cell == 5
    assert Config().output.locales == ("zh_CN", "en")


def test_values_are_read_into_frozen_dataclasses(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, '[metrics]\nmin_cell = 3\n[output]\nlocales = ["en"]\n'))
    assert cfg.metrics.min_cell == 3
    assert cfg.output.locales == ("en",)
    with pytest.raises(AttributeError):
        cfg.metrics.min_cell = 4  # type: ignore[misc]


def test_unknown_key_names_key_suggestion_and_known_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "[metrics]\nmin_cels = 3\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"{path} [metrics]: unknown key 'min_cels' (did you mean 'min_cell'?); known keys: min_cell"
    )


def test_unknown_section(tmp_path: Path) -> None:
    path = write(tmp_path, "[metric]\nmin_cell = 3\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "unknown section 'metric' (did you mean 'metrics'?)" in str(caught.value)
    assert "known sections: data, demo, metrics, output" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[metrics]\nmin_cell = 'five'\n", "'min_cell' must be integer, got 'five' (str)"),
        ("[metrics]\nmin_cell = true\n", "'min_cell' must be integer, got True (bool)"),
        ("[data]\nstrict = 1\n", "'strict' must be boolean, got 1 (int)"),
        ("[output]\nlocales = 'en'\n", "'locales' must be array of str, got 'en' (str)"),
        ("metrics = 3\n", "'metrics' must be a table [metrics]"),
    ],
)
def test_wrong_type_names_key_and_expected_type(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert message in str(caught.value)


def test_invalid_toml_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[metrics\n"))


def test_mapping_entry_point() -> None:
    assert config_from_mapping({"demo": {"seed": 7}}).demo.seed == 7


def test_shipped_config_toml_loads() -> None:
    root = Path(__file__).resolve().parents[2]
    cfg = load_config(root / "config.toml")
    assert cfg.metrics.min_cell == 5
