"""``python -m unionstats``: the command line (see ``cli/main.py``)."""

import sys

from unionstats.cli.main import main

sys.exit(main())
