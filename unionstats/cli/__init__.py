"""cli: the command line, ``python -m unionstats`` (data contract §6)."""
