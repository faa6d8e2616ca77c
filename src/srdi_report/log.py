"""Logging policy of the library.

WARNING: the output is still right, but the user should act (a city matched by a close spelling,
a statistic withheld below min_cell). INFO: progress (edition started, demo data generated).
DEBUG: cache hits, timings. Errors are raised, never logged. Only cli.py attaches handlers.
"""

import logging

logging.getLogger("srdi_report").addHandler(logging.NullHandler())
