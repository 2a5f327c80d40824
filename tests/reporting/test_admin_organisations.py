"""Changes to the organisation directory made in the Django admin are audited: who
changed or deleted which organisation, nothing of what was changed."""

import pytest
from django import forms
from django.contrib import admin

from reporting.models import AuditEvent, Organisation
from reporting.vocabulary.roles import Role
from tests.frontend.office.test_login_admin import office_login

pytestmark = pytest.mark.django_db


def _form_data(client, url) -> dict:
    """What the admin's change form would post back unchanged."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.JSONField):
            data[name] = value
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            formatted = field.widget.format_value(value)
            data[name] = "" if formatted is None else formatted
    return data


def test_a_change_in_the_admin_names_who_and_which_organisation(client, make_staff, make_member):
    administrator = make_staff(Role.ADMINISTRATOR)
    organisation = make_member("Beratung Am Fluss (fiktiv)", partner=False)
    office_login(client, administrator)
    url = f"/admin/reporting/organisation/{organisation.pk}/change/"
    data = _form_data(client, url)
    data["opening_hours"] = "Mo–Fr 9–12 Uhr"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation.refresh_from_db()
    assert organisation.opening_hours == "Mo–Fr 9–12 Uhr"
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.ORGANISATION_CHANGED)
    assert (event.actor, event.organisation, event.case, event.subject) == (
        administrator,
        organisation,
        None,
        None,
    )
    assert (event.from_status, event.to_status) == ("", "")


def test_a_deletion_in_the_admin_is_audited(rf, make_staff):
    administrator = make_staff(Role.ADMINISTRATOR)
    organisation = Organisation.objects.create(name="Verein Ohne Schlüssel (fiktiv)")
    request = rf.post("/")
    request.user = administrator
    admin.site._registry[Organisation].delete_model(request, organisation)
    assert not Organisation.objects.filter(name="Verein Ohne Schlüssel (fiktiv)").exists()
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.ORGANISATION_DELETED)
    assert event.actor == administrator and event.organisation is None
