"""Configuration: config.toml → a tree of frozen dataclasses."""

from srdi_report.config.load import load_config
from srdi_report.config.model import Config

__all__ = ["Config", "load_config"]
