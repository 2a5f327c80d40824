"""Django's own strings that public pages can show, kept as msgids of our catalogues.

Django ships no catalogue for some public languages (Kurmanji): its form errors and month
names would fall back to German there. Our catalogues (LOCALE_PATHS) win over Django's, so
listing the msgids here puts them in every catalogue; where Django has a translation, our
catalogue carries Django's own (`make messages` keeps them, the leak test checks the pages).
The msgids must stay exactly Django's.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

# django.utils.dates.MONTHS: the form's month choice, DATE_FORMAT "F", the statistics months.
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

# Django's LANG_INFO names, which the statistics show for the language of a report
# (get_language_info()["name_translated"]). Names Django lacks are in EXTRA_LANG_INFO.
LANGUAGE_NAMES = (
    _("German"),
    _("English"),
    _("Ukrainian"),
    _("Russian"),
    _("Arabic"),
    _("Persian"),
    _("Polish"),
    _("Romanian"),
    _("Vietnamese"),
    _("Czech"),
    _("Turkish"),
)

# django.forms.fields and django.core.validators, as the public forms can raise them.
FORM_ERRORS = (
    _("This field is required."),
    _("Select a valid choice. %(value)s is not one of the available choices."),
    _("Enter a list of values."),
    _("Enter a valid email address."),
    _("Enter a valid date."),
    _("Enter a whole number."),
    _("Null characters are not allowed."),
    _("No file was submitted. Check the encoding type on the form."),
    _("The submitted file is empty."),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
)
