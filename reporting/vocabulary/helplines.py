"""Emergency numbers and nationwide helplines shown on "Help now" and the receipt page.

Real numbers, valid all over Germany. Check them before every release: a frightened
person must never reach a wrong number (docs/legal.md lists them for the operator).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Helpline:
    number: str
    name: str
    what: str

    @property
    def phone_link(self) -> str:
        return self.number.replace(" ", "")


EMERGENCY = (
    Helpline("110", _("Police"), _("When you are in danger now or a crime is happening.")),
    Helpline(
        "112", _("Fire brigade and ambulance"), _("When someone is injured or in danger of life.")
    ),
)

HELPLINES = (
    Helpline(
        "0800 546 5465",
        _("Federal Anti-Discrimination Agency (Antidiskriminierungsstelle des Bundes)"),
        _("Advice on discrimination and on your rights under the AGG. Free of charge."),
    ),
    Helpline(
        "116 016",
        _("Violence against women helpline (Hilfetelefon Gewalt gegen Frauen)"),
        _("Day and night, free of charge, anonymous, with interpreters in many languages."),
    ),
    Helpline(
        "0800 111 0 111",
        _("Crisis line (TelefonSeelsorge)"),
        _("Day and night, free of charge, anonymous: when everything becomes too much."),
    ),
    Helpline(
        "116 111",
        _("Children and young people (Nummer gegen Kummer)"),
        _("Free of charge and anonymous, for children and young people."),
    ),
)
