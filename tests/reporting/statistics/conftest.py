from tests.statistics_fixtures import make_report, published, statistics_user, year_of_reports  # noqa: F401
