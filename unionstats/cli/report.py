"""``python -m unionstats report``: a year's report for a unit, a 上级工会 or all, in one format.

The summary prints to stdout unless ``--out`` names a file; the other formats need
``--out``. Exit codes as every command (``cli/common.py``): 0 done, 1 anything else — a
wrong input (unknown unit or 上级工会, a year without figures, no --out), an ``--out``
that cannot be written, no browser for Word's charts.

Imported only when ``report`` runs (``cli.main.COMMANDS``), so it loads the report model
and the store at its top; the renderers load python-pptx, python-docx … themselves.
"""

from __future__ import annotations

import argparse
import sys

from unionstats.cli.common import EXIT_OK, cannot_write
from unionstats.errors import UsageError
from unionstats.report import render
from unionstats.report.model import build_report
from unionstats.store import open_store
from unionstats.store.private_files import write_private


def cmd_report(args: argparse.Namespace) -> int:
    """Build the report model and write it in the asked format."""
    if args.format != "summary" and args.out is None:
        raise UsageError(f"请用 --out 指定输出文件,例如 --out 报告.{args.format}。")
    model = build_report(open_store(args.db), args.year, unit=args.unit, parent=args.parent)
    data = render(model, args.format)
    if args.out is None:
        sys.stdout.write(data.decode("utf-8"))
        return EXIT_OK
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_private(args.out, data)  # names and figures: the owner's alone (issue 17)
    except OSError as error:
        raise cannot_write(args.out, error) from error
    print(f"已生成报告:{args.out}")
    return EXIT_OK
