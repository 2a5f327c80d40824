import pytest

from performance import page_cache
from tests.statistics_fixtures import make_report, published, statistics_user, year_of_reports  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    page_cache._pages.clear()
    yield
    page_cache._pages.clear()
