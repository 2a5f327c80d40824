"""A service's refusal, shown on the form the person filled in."""

from django import forms

from reporting.vocabulary.errors import DomainError


def form_add_domain_error(form: forms.Form, error: DomainError, *, general=None) -> None:
    """Each message the service gave for a field goes to that field (to the whole form
    when the form has no such field, or only a hidden one nobody would see it beside).
    Where it named no field, `general` (when given) becomes the form's error; pages that
    show `error.message` themselves pass none."""
    fields = error.fields or ({None: [general]} if general is not None else {})
    for field, messages in fields.items():
        for message in messages:
            form.add_error(_visible(form, field), message)


def _visible(form: forms.Form, field: str | None) -> str | None:
    if field in form.fields and not form.fields[field].widget.is_hidden:
        return field
    return None
