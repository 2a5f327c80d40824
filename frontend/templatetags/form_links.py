from django import forms
from django.template import Library

register = Library()


@register.filter
def control_id(field) -> str:
    """The id of a field's first control, where an error summary link must land: a
    group of radio buttons or checkboxes has its id on the wrapper, not on a control."""
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return field.auto_id
