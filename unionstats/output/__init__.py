"""output: what is shown or handed over — number formatting, plotly charts, download
tables (CSV/Excel), the import report in words, blank templates. Reads no store."""
