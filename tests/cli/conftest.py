"""The report command reads the same sample store as the report tests."""

from tests.report.conftest import sample_engine, sample_store_file, sample_url  # noqa: F401
