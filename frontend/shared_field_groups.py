"""Field groups of empty forms written once per process, language and initial value.

The case page shows about twenty field groups whose markup depends on nothing of the
case: empty text areas, today's date, selects of constant choices. Django builds each
from its widget context on every page (label, attributes, one dict per option), which
was most of what the page's side panels cost (BENCHMARKS.md). A form opts in with
`bound_field_class = SharedFieldGroup`; a field group is then shared only when

- the form is unbound (no input, no errors),
- its value is empty, a date, a number or choices of the field's own constant choices:
  never a text anybody wrote (nothing written is kept beyond the request),
- and its choices, if any, are still the class's own (a form that replaces them per
  page, like the messages a translation can be of, is rendered as usual).

Everything else the markup depends on is part of the key. Without the opt-in the form
renders exactly as before; the output is the same either way
(tests/frontend/test_shared_field_groups.py).
"""

import datetime

from django.forms import BoundField
from django.utils.translation import get_language

_SHARED: dict[tuple, str] = {}
# Keys differ by language, day, form and value: a classification chosen on one case
# shows the same on the next. A full cache is emptied rather than kept in order, which
# costs the renders of one page.
_MAX_ENTRIES = 1024
_NOT_FOUND = object()


def _choices_of_class(bound: BoundField) -> bool:
    declared = type(bound.form).base_fields.get(bound.name)
    if declared is None:
        return False
    field = bound.field
    if getattr(field, "choices", None) is not getattr(declared, "choices", None):
        return False
    # The widget's list is a copy of the form's own (Django copies it with the widget);
    # with the same options in it, the markup is the same.
    return getattr(field.widget, "choices", None) == getattr(declared.widget, "choices", None)


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
        if form.is_bound or not _choices_of_class(self):
            return super().as_field_group()
        value = _shared_value(self, self.value())
        if value is _NOT_FOUND:
            return super().as_field_group()
        key = (
            type(form), form.prefix, form.auto_id, form.label_suffix,
            form.use_required_attribute, self.name, get_language(), value,
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
