import pytest

from frontend.statistics import views
from tests.statistics_fixtures import make_report, published, statistics_user, year_of_reports  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    views._pages.clear()
    yield
    views._pages.clear()
