"""Groups of grounds that exports count once per report or incident (issue 19).

A report naming racism and antisemitism is one report of racism in the wider sense,
not two: a group counts the reports (or incidents) that name at least one of its
grounds. The groups follow the taxonomy's own reading (reporting/vocabulary/taxonomy.py:
antisemitism, anti-Muslim racism and antiziganism are forms of racist discrimination).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting.vocabulary.taxonomy import Ground


class GroundGroup(models.TextChoices):
    RACISM_ALL_FORMS = "RACISM_ALL_FORMS", _("Racism in all its forms")
    RELIGION_OR_BELIEF = "RELIGION_OR_BELIEF", _("Religion or belief")
    GENDER_AND_SEXUALITY = "GENDER_AND_SEXUALITY", _("Gender and sexual identity")


GROUND_GROUPS: dict[GroundGroup, frozenset[str]] = {
    GroundGroup.RACISM_ALL_FORMS: frozenset(
        {Ground.RACISM, Ground.ANTISEMITISM, Ground.ANTI_MUSLIM, Ground.ANTIZIGANISM}
    ),
    GroundGroup.RELIGION_OR_BELIEF: frozenset({Ground.RELIGION, Ground.BELIEF}),
    GroundGroup.GENDER_AND_SEXUALITY: frozenset({Ground.GENDER, Ground.SEXUAL_IDENTITY}),
}
