"""Alembic environment for the store (``unionstats.store.engine.open_store`` runs it).

``open_store`` passes its connection in ``config.attributes["connection"]``, already in
a transaction. To write a new revision after changing ``schema.py``::

    python -c "from alembic import command; from unionstats.store.engine import alembic_config; command.revision(alembic_config(), 'what changed', autogenerate=True)"

(against ``UNIONSTATS_DB_URL`` or the embedded store), then review the generated file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from unionstats.store.engine import default_url
from unionstats.store.schema import metadata

config = context.config


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        # SQLite cannot ALTER most things: later revisions rebuild the table instead
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or default_url()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif (connection := config.attributes.get("connection")) is not None:
    _configure(connection)
else:
    engine = create_engine(_url())
    try:
        with engine.begin() as conn:
            _configure(conn)
    finally:
        engine.dispose()
