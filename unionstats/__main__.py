"""``python -m unionstats``: the command line (see ``cli.py``)."""

import sys

from unionstats.cli import main

sys.exit(main())
