"""The store's salt leaves the store (issue 17, finding 4; contract §5).

Versions before this one kept the salt of the person keys in ``settings``
(``_person_key_salt``) — beside the hashes, so anyone with a copy of the store or a backup
could recompute the hash of every likely ID number. The key now lives outside the store
(``unionstats.store.keys``: ``UNIONSTATS_KEY``, or a key file beside the store). This revision
re-encrypts the kept batch files with the new file key while the old salt is still at hand,
then deletes the salt (``keys.retire_store_salt``, the same step a restore of an older backup
takes). The person keys already stored stay as they are: without the numbers they cannot be
made again, so they no longer match those of later imports (重新识别 makes a batch's anew).

No schema change: ``schema.py`` is the same before and after.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from unionstats.store.keys import retire_store_salt

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    retire_store_salt(op.get_bind())


def downgrade() -> None:
    """Nothing: the salt is gone for good (putting it back would undo the fix); the kept
    files stay under the file key, which an older program does not know."""
