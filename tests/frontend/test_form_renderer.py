"""frontend/form_renderer.py writes Django's stock form markup in Python: the output
must be exactly what Django's own templates give, for every form of the site."""

import pytest
from django.forms.renderers import DjangoTemplates
from django.utils import translation

from frontend.form_renderer import StockMarkupRenderer
from frontend.office.forms import (
    AssessmentForm,
    AssignForm,
    BodyForm,
    InboxFilterForm,
    LoginForm,
    OwnPasswordForm,
    ReferralForm,
    TransitionForm,
)
from frontend.public.forms import (
    MessageForm,
    ReceiptConfirmForm,
    ReceiptLoginForm,
    ReportForm,
    WithdrawConsentForm,
)

pytestmark = pytest.mark.django_db


def forms():
    yield ReportForm(language="de")
    yield ReportForm(
        {
            "grounds": ["RACISM", "AGE"],
            "reporter_role": "WITNESS",
            "narrative": "",
            "contact_email": "<script>",
            "place_detail": 'Haltestelle "Markt" & <Ecke>',
            "incident_date": "2025-02-30",
        },
        language="ar",
    )
    yield ReceiptConfirmForm(initial={"token": "a&b"})
    yield ReceiptLoginForm({"code": "1234 5678 <9>"})
    yield MessageForm({"body": ""})
    yield LoginForm({"username": 'jo"<x>', "password": "secret"})
    yield OwnPasswordForm(None)
    yield WithdrawConsentForm({"confirm": "on"})
    yield InboxFilterForm()
    yield InboxFilterForm({"district": "14612", "ground": "RACISM", "received_from": "kein Datum"})
    yield AssessmentForm(initial={"grounds": ["RACISM"], "district": "14612", "version": 3})
    yield AssessmentForm({"grounds": ["NOT_A_CODE"], "is_discrimination": "true", "version": "x"})
    yield TransitionForm(initial={"version": 1})
    yield AssignForm({"assignee": "999999", "version": 1})
    yield BodyForm({"message-body": ""}, prefix="message")
    yield BodyForm({"note-body": 'Zeile 1\n<b>"Zeile" 2</b> & 3'}, prefix="note")
    yield BodyForm(initial={"body": "Entwurf"}, prefix="note")
    yield ReferralForm()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_field_renders_exactly_like_djangos_templates(language, make_member):
    make_member('Verein "Brücke" <fiktiv> & Co')
    with translation.override(language):
        for form in forms():
            if form.is_bound:
                form.is_valid()
            for field in form:
                form.renderer = DjangoTemplates()
                expected = (field.as_field_group(), str(field), str(field.errors))
                form.renderer = StockMarkupRenderer()
                assert (field.as_field_group(), str(field), str(field.errors)) == expected, (
                    type(form).__name__,
                    field.name,
                )


def test_the_site_uses_it(settings):
    assert settings.FORM_RENDERER == "frontend.form_renderer.StockMarkupRenderer"


def test_short_choice_lists_use_one_plain_query(make_staff):
    """Django's ModelChoiceField iterates with a server-side cursor on PostgreSQL (DECLARE,
    FETCH, CLOSE); the office's staff and organisation lists use one ordinary SELECT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.vocabulary.roles import Role

    make_staff(Role.CASEWORKER)
    with CaptureQueriesContext(connection) as queries:
        html = AssignForm(initial={"version": 1})["assignee"].as_widget()
    assert "<option" in html
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"]
