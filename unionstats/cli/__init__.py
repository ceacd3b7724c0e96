"""cli: the command line, ``python -m unionstats`` (data contract §6).

``main.py`` holds the parser, the dispatch and the error edge; ``common.py`` the exit codes;
one module per group of commands runs them: ``imports.py`` (import, batches, undo),
``data.py`` (metrics, template, sample, backup, restore), ``users.py``, ``report.py``.
"""
