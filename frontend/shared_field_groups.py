"""Field groups of empty forms written once per process, language and initial value.

The case page shows about twenty field groups whose markup depends on nothing of the
case: empty text areas, today's date, selects of constant choices. Django builds each
from its widget context on every page (label, attributes, one dict per option), which
was most of what the page's side panels cost (BENCHMARKS.md). A form opts in with
`bound_field_class = SharedFieldGroup`; a field group is then shared only when

- the form is unbound (no input, no errors),
- its value is empty, a date, a number or one or more of the field's own choices:
  never a text anybody wrote (nothing written is kept beyond the request),
- and its options are not read from the database (the assignee is rendered as usual);
  options a form chose per page (a case's next statuses) are part of the key.

Everything else the markup depends on is part of the key. Without the opt-in the form
renders exactly as before; the output is the same either way
(tests/frontend/test_shared_field_groups.py).
"""

import datetime

from django.forms import BoundField
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language

_SHARED: dict[tuple, str] = {}
# Keys differ by language, day, form and value: a classification chosen on one case
# shows the same on the next. A full cache is emptied rather than kept in order, which
# costs the renders of one page.
_MAX_ENTRIES = 1024
_NOT_FOUND = object()
_OWN_OPTIONS = "the class's own"


def _options_key(bound: BoundField):
    """What a field's options add to the key: nothing new for the class's own options,
    the options themselves where a form chose them per page (a case's next statuses),
    _NOT_FOUND for options read from the database (they are read when rendered)."""
    declared = type(bound.form).base_fields.get(bound.name)
    if declared is None:
        return _NOT_FOUND
    field = bound.field
    own, shown = getattr(field, "choices", None), getattr(field.widget, "choices", None)
    if isinstance(own, ModelChoiceIterator) or isinstance(shown, ModelChoiceIterator):
        return _NOT_FOUND
    # The widget's list is a copy of the form's own (Django copies it with the widget);
    # with the same options in it, the markup is the same.
    if own is getattr(declared, "choices", None) and shown == getattr(
        declared.widget, "choices", None
    ):
        return _OWN_OPTIONS
    return tuple((str(key), str(label)) for key, label in shown or ())


def _shared_value(bound: BoundField, value):
    """The value as part of the key, or _NOT_FOUND when the group is not to be shared."""
    if value is None or value == "" or isinstance(value, bool | int | datetime.date):
        return value
    # A string is shared only as one of the field's own choices, never as typed text.
    keys = {str(key) for key, _label in getattr(bound.field, "choices", None) or ()}
    if isinstance(value, str):
        return value if value in keys else _NOT_FOUND
    if isinstance(value, list | tuple) and all(isinstance(v, str) and v in keys for v in value):
        return tuple(value)
    return _NOT_FOUND


class SharedFieldGroup(BoundField):
    def as_field_group(self):
        form, field = self.form, self.field
        if form.is_bound:
            return super().as_field_group()
        options = _options_key(self)
        value = _shared_value(self, self.value()) if options is not _NOT_FOUND else _NOT_FOUND
        if value is _NOT_FOUND:
            return super().as_field_group()
        key = (
            type(form), form.prefix, form.auto_id, form.label_suffix,
            form.use_required_attribute, self.name, get_language(), value, options,
            str(self.label), str(self.help_text), field.required, field.disabled,
            tuple((name, str(v)) for name, v in sorted(field.widget.attrs.items())),
        )  # fmt: skip
        shared = _SHARED.get(key, _NOT_FOUND)
        if shared is _NOT_FOUND:
            shared = super().as_field_group()
            if len(_SHARED) >= _MAX_ENTRIES:
                _SHARED.clear()
            _SHARED[key] = shared
        return shared
