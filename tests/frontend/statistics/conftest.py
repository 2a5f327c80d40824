import pytest

from frontend.statistics import views
from tests.statistics_fixtures import (  # noqa: F401
    make_report,
    published,
    published_before_the_agg_rule,
    statistics_user,
    year_of_reports,
)


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    views._pages.clear()
    yield
    views._pages.clear()
