"""Choice fields whose choices are shared by the copies Django makes of them.

Every form instance deep-copies its declared fields, choices included, on every report
form POST and case page (performance/README.md). The choices in
this project are constants that are only ever replaced (`field.choices = …`), never
changed in place, so each copy can share them; the widget is still copied.
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class _SharedChoices:
    # Our own words, not Django's: Django ships no catalogue for some public languages.
    default_error_messages = {
        "required": _("Please choose an answer."),
        "invalid_choice": _("Choose one of the listed values."),
    }

    def __deepcopy__(self, memo):
        return forms.Field.__deepcopy__(self, memo)  # not ChoiceField's: choices are shared


class ChoiceField(_SharedChoices, forms.ChoiceField):
    pass


class TypedChoiceField(_SharedChoices, forms.TypedChoiceField):
    pass


class MultipleChoiceField(_SharedChoices, forms.MultipleChoiceField):
    pass
