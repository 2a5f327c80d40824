"""Month names the reporter reads ("März 2026", never "2026-03").

The names are Django's msgids kept in the project's catalogues
(reporting/vocabulary/django_strings.py), so every public language has them, including
languages Django has no catalogue for.
"""

from django.utils.translation import pgettext

from reporting.vocabulary.django_strings import MONTHS
from reporting.vocabulary.submission import MONTH_PATTERN


def month_in_words(value: str) -> str:
    """ "2026-03" as "März 2026" in the active language; "" for anything else."""
    match = MONTH_PATTERN.match(value or "")
    if not match:
        return ""
    # Translators: a month and its year, e.g. "March 2026".
    return pgettext("month and year", "%(month)s %(year)s") % {
        "month": MONTHS[int(match[2])],
        "year": match[1],
    }
