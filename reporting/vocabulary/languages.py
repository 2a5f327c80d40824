"""The names Django gives the public languages, under Django's own msgids.

Pages name a language with `get_language_info(code)["name_translated"]`, which translates
these names; listed here, they are extracted into the project catalogues and so
translated in languages Django ships no catalogue for (Pashto). A language Django does not
know names itself in settings.EXTRA_LANG_INFO. tests/test_catalogues.py checks that every
public language's name is here or there."""

from django.utils.translation import gettext_noop

DJANGO_LANGUAGE_NAMES = (
    gettext_noop("German"),
    gettext_noop("English"),
    gettext_noop("Ukrainian"),
    gettext_noop("Russian"),
    gettext_noop("Arabic"),
    gettext_noop("Persian"),
    gettext_noop("Polish"),
    gettext_noop("Romanian"),
    gettext_noop("Vietnamese"),
    gettext_noop("Czech"),
    gettext_noop("Turkish"),
)
