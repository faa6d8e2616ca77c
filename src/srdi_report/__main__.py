"""`python -m srdi_report` runs the command-line interface."""

from srdi_report.cli import app

app()
