"""``python -m unionstats units …``: the 单位名称对照 (contract §6, issue 14).

``units list`` shows every unit with its 上级工会, other spellings and stored rows, then the
units stored under two spellings of one name (offered for a merge, never merged); ``units
merge OLD NEW`` moves every stored row of OLD to NEW (OLD becomes an alias: later files under
OLD land on NEW) and prints the rows moved; ``units undo-merge ID`` puts them back; ``units
merges`` lists the merges. Imported only when ``units`` runs (``cli.main.COMMANDS``).
"""

from __future__ import annotations

import argparse
import json

from unionstats.cli.common import EXIT_OK
from unionstats.output.import_report import suggestion_text
from unionstats.store import open_store
from unionstats.store.audit import operator_name
from unionstats.store.units import list_merges, list_units, look_alike_units, merge_units, undo_merge

MERGE_STATUS_LABELS = {"active": "有效", "undone": "已撤销"}


def cmd_units(args: argparse.Namespace) -> int:
    """Run one ``units`` action; library errors reach ``cli.main`` as one Chinese sentence."""
    engine = open_store(args.db)
    action = args.units_command
    if action == "list":
        units = list_units(engine)
        if args.json:
            print(json.dumps(units.to_dict(orient="records"), ensure_ascii=False, indent=2, default=str))
            return EXIT_OK
        if units.empty:
            print("还没有任何单位。")
        for row in units.itertuples(index=False):
            parent = f"  上级:{row.parent}" if row.parent else ""
            others = f"  其他写法:{'、'.join(row.aliases)}" if row.aliases else ""
            print(f"{row.unit}{parent}  {row.rows}行{others}")
        for suggestion in look_alike_units(engine):
            print(suggestion_text({"name": suggestion.name, "known": suggestion.known}))
    elif action == "merge":
        result = merge_units(engine, args.old, args.new, user=operator_name(claimed=args.user))
        print(result.message)
    elif action == "undo-merge":
        print(undo_merge(engine, args.merge, user=operator_name(claimed=args.user)))
    elif action == "merges":
        merges = list_merges(engine)
        if args.json:
            print(json.dumps(merges, ensure_ascii=False, indent=2, default=str))
            return EXIT_OK
        if not merges:
            print("还没有合并过单位。")
        for m in merges:
            print(
                f"#{m['id']}  {m['created_at']:%Y-%m-%d %H:%M}  「{m['old']}」→「{m['new']}」  "
                f"{m['rows']}行  {MERGE_STATUS_LABELS.get(m['status'], m['status'])}"
            )
    return EXIT_OK
