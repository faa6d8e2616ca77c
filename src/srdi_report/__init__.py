"""srdi_report: bilingual statistical publications on SRDI Little Giant firms."""

from srdi_report import log as _log  # noqa: F401  (installs the package's NullHandler)

__version__ = "0.1.0"

__all__ = ["__version__"]
