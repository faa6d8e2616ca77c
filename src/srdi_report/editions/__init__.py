"""Stage: editions."""
