"""Ingest: file → sheets → header → kind → clean → validate → rows + problems.

``parse_file`` is the one entry point; each step lives in its own module:
``read`` (bytes → cell grids), ``header`` (title rows, merged headers), ``kinds``
(which kind a sheet is), ``clean`` (numbers, periods, names, categories), ``build``
(rows of each kind's fact table) and ``validate`` (rejections and warnings).
"""

from unionstats.ingest.model import ParsedFile, ParsedSheet, Problem
from unionstats.ingest.parse import parse_file

__all__ = ["ParsedFile", "ParsedSheet", "Problem", "parse_file"]
