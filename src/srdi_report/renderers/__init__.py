"""Stage: renderers."""
