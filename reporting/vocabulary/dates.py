"""Month names, under Django's own msgids.

Extracted from here into the project catalogues, they are translated in languages Django
ships no catalogue for (Pashto); the project catalogue wins over Django's, so dates that
Django formats with "F" use the same words."""

from django.utils.translation import gettext_lazy as _

MONTHS = {
    1: _("January"),
    2: _("February"),
    3: _("March"),
    4: _("April"),
    5: _("May"),
    6: _("June"),
    7: _("July"),
    8: _("August"),
    9: _("September"),
    10: _("October"),
    11: _("November"),
    12: _("December"),
}
