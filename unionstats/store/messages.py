"""The sentences of a file that is not imported as it stands (contract §2): a duplicate of
an active batch, a ledger overlapping earlier batches.

The templates are rows of ``rules/messages.py``; these helpers fill them from the store's
batch rows, for the importer and ``store.batches`` alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from unionstats.formatting import when_text
from unionstats.rules.columns import KIND_LABELS
from unionstats.rules.messages import message


def duplicate_message(earlier: dict) -> str:
    """The file is a duplicate of the batch ``earlier`` (id, created_at, and status and
    replaced_by when it may be a replaced batch): it names the batch and what can be done."""
    when = when_text(earlier["created_at"])
    if earlier.get("status") == "replaced":
        return message("duplicate_file_replaced", when=when, batch=earlier["id"], by=earlier["replaced_by"])
    return message("duplicate_file", when=when, batch=earlier["id"])


def overlap_stopped_message(overlaps: list[dict]) -> str:
    """The file overlaps earlier batches (id, file_name, created_at, kind) and was not stored."""
    parts = [
        message(
            "overlap_part",
            kind=KIND_LABELS.get(o["kind"], o["kind"]),
            batch=o["id"],
            file=o["file_name"],
            when=when_text(o["created_at"]),
        )
        for o in overlaps
    ]
    return message("overlap_stopped", overlaps="、".join(parts))


def overlap_resolved_message(batch_ids: Iterable[int], *, replaced: bool) -> str:
    """The file was stored although it overlaps ``batch_ids``: those were replaced (kept,
    back when the new batch is undone) or kept beside it."""
    listed = "、".join(f"#{i}" for i in batch_ids)
    return message("overlap_replaced" if replaced else "overlap_kept", batches=listed)
