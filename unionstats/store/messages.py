"""The sentences of a file that is not imported as it stands (contract §2): a duplicate of
an active batch, a ledger overlapping earlier batches.

One row per sentence, with named placeholders; the importer and ``store.batches`` both
write them from here. Later (issue 12): these rows move to ``rules/messages.py`` with the
other sentences shown to users.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from unionstats.rules.columns import KIND_LABELS

SENTENCES: dict[str, str] = {
    # §2: the same content twice is a duplicate; nothing is written
    "duplicate": "该文件已于{when}导入过(批次 #{batch}),未重复导入。",
    # §2: a ledger overlapping earlier batches is flagged first
    "overlap_stopped": "该文件的{overlaps}在单位和期间上重叠,未导入。请选择替换原批次,或保留两者。",
    "overlap_part": "{kind}数据与批次 #{batch}(「{file}」,{when}导入)",
    "overlap_replaced": "已撤销与之重叠的批次 {batches},并导入该文件。",
    "overlap_kept": "该文件与批次 {batches} 重叠,已按要求保留两者。",
}


def duplicate_message(earlier: dict) -> str:
    """The file is a duplicate of the active batch ``earlier`` (id, created_at)."""
    return SENTENCES["duplicate"].format(when=when_text(earlier["created_at"]), batch=earlier["id"])


def overlap_stopped_message(overlaps: list[dict]) -> str:
    """The file overlaps earlier batches (id, file_name, created_at, kind) and was not stored."""
    parts = [
        SENTENCES["overlap_part"].format(
            kind=KIND_LABELS.get(o["kind"], o["kind"]), batch=o["id"], file=o["file_name"], when=when_text(o["created_at"])
        )
        for o in overlaps
    ]
    return SENTENCES["overlap_stopped"].format(overlaps="、".join(parts))


def overlap_resolved_message(batch_ids: Iterable[int], *, replaced: bool) -> str:
    """The file was stored although it overlaps ``batch_ids``: those were undone
    (``replaced``) or kept beside it."""
    listed = "、".join(f"#{i}" for i in batch_ids)
    return SENTENCES["overlap_replaced" if replaced else "overlap_kept"].format(batches=listed)


def when_text(moment: datetime | str) -> str:
    """A batch's time as the messages show it (2024-05-01 09:30)."""
    return moment.strftime("%Y-%m-%d %H:%M") if hasattr(moment, "strftime") else str(moment)
