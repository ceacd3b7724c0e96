"""Fixtures of the report tests: the sample store (built once per session) and its report models."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.report.ledgers import load_district
from unionstats.importer import import_sample
from unionstats.store import close_store, open_store


@pytest.fixture(scope="session")
def sample_store_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report-sample") / "sample.db"
    engine = open_store(f"sqlite:///{path}")
    import_sample(engine)
    close_store(engine)
    return path


@pytest.fixture
def sample_url(sample_store_file: Path, tmp_path: Path) -> str:
    """A private copy of the sample store (the 19 sample files through the importer)."""
    for part in sample_store_file.parent.glob(sample_store_file.name + "*"):
        shutil.copy(part, tmp_path / part.name)
    url = f"sqlite:///{tmp_path / sample_store_file.name}"
    yield url
    close_store(url)


@pytest.fixture
def sample_engine(sample_url: str) -> Engine:
    return open_store(sample_url)


@pytest.fixture
def district(engine: Engine) -> Engine:
    """The small district of ``tests.report.ledgers.load_district`` (SQLite and PostgreSQL)."""
    load_district(engine)
    return engine
