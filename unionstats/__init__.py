"""unionstats — 工会统计看板的核心库: read office spreadsheets, store them, compute metrics.

Data flows one way: file → ``ingest`` → ``store`` → ``metrics`` → charts/reports → pages/CLI.
Nothing here imports streamlit.
"""

__version__ = "0.1.0"

import logging

# A library logs, the application decides where to: silent unless the CLI (--debug) or a
# server configures logging. This keeps tracebacks away from users.
logging.getLogger(__name__).addHandler(logging.NullHandler())
