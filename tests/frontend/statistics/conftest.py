import pytest

from performance import page_cache
from tests.statistics_fixtures import (  # noqa: F401  # noqa: F401
    make_report,
    published,
    published_before_the_agg_rule,
    published_two_years,
    statistics_user,
    year_of_reports,
)


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    page_cache._pages.clear()
    yield
    page_cache._pages.clear()
