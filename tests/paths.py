"""Where things are, for tests that start the app or read the sample files."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout: dashboard.py, data/, views/
SCREENSHOTS = ROOT / "test-output" / "screenshots"
