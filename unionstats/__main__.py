"""``python -m unionstats``: the command line (see ``cli.py``)."""

import sys

from unionstats.cli.main import main

sys.exit(main())
