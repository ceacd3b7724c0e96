"""Ingest: file → sheets → header → kind → clean → validate → rows + problems.

``parse_file`` is the one entry point; each step lives in its own module:
``read`` (bytes → cell grids), ``header`` (title rows, merged headers), ``kinds``
(which kind a sheet is), ``clean`` (numbers, periods, names, categories) and
``validate`` (rejections and warnings).
"""

from unionstats.ingest.model import ParsedFile, ParsedSheet, Problem

__all__ = ["ParsedFile", "ParsedSheet", "Problem", "parse_file"]


def __getattr__(name: str):  # lazy: reading pulls in pandas and calamine
    if name == "parse_file":
        from unionstats.ingest.parse import parse_file

        return parse_file
    raise AttributeError(name)
