"""Month names the reporter reads ("März 2026", never "2026-03").

The project's own catalogues carry them, so every public language has them, including
languages Django has no catalogue for.
"""

from django.utils.translation import pgettext, pgettext_lazy

from reporting.vocabulary.submission import MONTH_PATTERN

MONTH_NAMES = {
    1: pgettext_lazy("month name", "January"),
    2: pgettext_lazy("month name", "February"),
    3: pgettext_lazy("month name", "March"),
    4: pgettext_lazy("month name", "April"),
    5: pgettext_lazy("month name", "May"),
    6: pgettext_lazy("month name", "June"),
    7: pgettext_lazy("month name", "July"),
    8: pgettext_lazy("month name", "August"),
    9: pgettext_lazy("month name", "September"),
    10: pgettext_lazy("month name", "October"),
    11: pgettext_lazy("month name", "November"),
    12: pgettext_lazy("month name", "December"),
}


def month_in_words(value: str) -> str:
    """ "2026-03" as "März 2026" in the active language; "" for anything else."""
    match = MONTH_PATTERN.match(value or "")
    if not match:
        return ""
    # Translators: a month and its year, e.g. "March 2026".
    return pgettext("month and year", "%(month)s %(year)s") % {
        "month": MONTH_NAMES[int(match[2])],
        "year": match[1],
    }
