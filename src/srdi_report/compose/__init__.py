"""Stage: compose."""
