"""A service's refusal lands on the field it names, or on the form."""

from django import forms

from frontend.form_errors import form_add_domain_error
from reporting.vocabulary.errors import DomainError, ValidationFailed


class NarrativeForm(forms.Form):
    narrative = forms.CharField(required=False)


def bound():
    form = NarrativeForm({"narrative": "kept"})
    form.is_valid()
    return form


def test_field_messages_go_to_their_field_and_unknown_fields_to_the_form():
    form = bound()
    refusal = ValidationFailed(fields={"narrative": ["too short"], "district": ["unknown"]})
    form_add_domain_error(form, refusal, general="unused")
    assert form.errors == {"narrative": ["too short"], "__all__": ["unknown"]}


def test_without_fields_the_general_message_or_nothing():
    form = bound()
    form_add_domain_error(form, DomainError("stale"), general="Please try again.")
    assert form.non_field_errors() == ["Please try again."]
    quiet = bound()
    form_add_domain_error(quiet, DomainError("stale"))
    assert quiet.errors == {}
