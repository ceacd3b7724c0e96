"""unionstats — 工会统计看板的核心库: read office spreadsheets, store them, compute metrics.

Data flows one way: file → ``ingest`` → ``store`` → ``metrics`` → charts/reports → pages/CLI.
Nothing here imports streamlit.
"""

__version__ = "0.1.0"
