"""Length limits shared by the HTML form, the API and the service."""

NARRATIVE_MIN = 10
NARRATIVE_MAX = 10_000
PLACE_DETAIL_MAX = 200
OTHER_TEXT_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 32
MESSAGE_MAX = 5_000
EARLIEST_INCIDENT_YEAR = 2000
LATEST_YEAR = 2999  # statistics queries use year + 1; date() stops at 9999
