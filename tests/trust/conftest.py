"""The page fixtures (sample store, AppTest runner) for the page-level trust tests."""

from tests.views.conftest import empty_url, open_page, sample_db, sample_url  # noqa: F401
