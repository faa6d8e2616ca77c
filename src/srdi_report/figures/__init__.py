"""Stage: figures."""
