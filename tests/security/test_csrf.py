"""CSRF: every state-changing staff request needs the session's token; public POSTs from
other sites are refused by their Sec-Fetch-Site / Origin headers (they carry no cookie).

Every refusal is checked twice: the status (403) and that nothing changed. A positive
control with the right token shows the refused request would otherwise have worked.
"""

import json

import pytest
from django.test import Client

from reporting.models import Case, Message, Referral, Report
from tests.factories import api_payload, form_data
from tests.security.conftest import PASSWORD, api_token, body_of, clone, snapshot

pytestmark = pytest.mark.django_db

EVIL = "https://evil.example"
ASSESSMENT = {"version": "{version}", "grounds": ["AGE"], "areas": ["WORK"], "forms": [], "district": "14612",
              "incident_month": "", "is_discrimination": True}  # fmt: skip

# name: (actor, path, form body); {case}, {referral}, {org}, {version} are filled in. Case x
# was passed on to organisation a (so "Passed on", in its second version).
OFFICE_POSTS = {
    "update": ("caseworker", "/de/office/cases/{case}/update/", ASSESSMENT | {"is_discrimination": "true", "to_status": "DOCUMENTED", "assignee": "{caseworker}"}),
    "message": ("caseworker", "/de/office/cases/{case}/message/", {"message-body": "Hallo"}),
    "note": ("caseworker", "/de/office/cases/{case}/note/", {"note-body": "Notiz"}),
    "refer": ("caseworker", "/de/office/cases/{case}/refer/", {"organisation": "{org}", "summary": "S"}),
    "intervention": ("caseworker", "/de/office/cases/{case}/intervention/", {"intervention-version": "{version}", "intervention-kind": "COUNSELLING", "intervention-occurred_on": "2026-06-16"}),
    "referral_step": ("partner_a", "/de/office/referrals/{referral}/step/", {"status": "ACCEPTED", "text": "ok"}),
    "logout_caseworker": ("caseworker", "/de/office/logout/", {}),
    "logout_partner": ("partner_a", "/de/office/logout/", {}),
}  # fmt: skip
# name: (actor, method, path, JSON body, status with the right token)
API_WRITES = {
    "transition": ("caseworker", "post", "/api/v1/cases/{case}/transition/", {"version": "{version}", "to_status": "DOCUMENTED"}, 200),
    "assign": ("caseworker", "post", "/api/v1/cases/{case}/assign/", {"version": "{version}", "assignee": None}, 200),
    "assessment": ("caseworker", "put", "/api/v1/cases/{case}/assessment/", ASSESSMENT, 200),
    "note": ("caseworker", "post", "/api/v1/cases/{case}/notes/", {"body": "Notiz"}, 201),
    "message": ("caseworker", "post", "/api/v1/cases/{case}/messages/", {"body": "Hallo"}, 201),
    "refer": ("caseworker", "post", "/api/v1/cases/{case}/referrals/", {"organisation": "{org}", "summary": "S"}, 201),
    "intervention": ("caseworker", "post", "/api/v1/cases/{case}/interventions/", {"version": "{version}", "kind": "COUNSELLING", "occurred_on": "2026-06-16"}, 201),
    "referral_step": ("partner_a", "post", "/api/v1/referrals/{referral}/steps/", {"status": "ACCEPTED"}, 201),
    "case_delete": ("caseworker", "delete", "/api/v1/cases/{case}/", None, 405),
    "case_patch": ("caseworker", "patch", "/api/v1/cases/{case}/", {"status": "CLOSED"}, 405),
    "case_create": ("caseworker", "post", "/api/v1/cases/", {"report": 1}, 405),
}  # fmt: skip


def fill(value, world):
    # The referral to A recorded an intervention, so case X is at its second version.
    ids = {"case": world.case_x.pk, "referral": world.referral_a.pk, "org": world.org_b.pk,
           "caseworker": world.caseworker.pk,
           "version": Case.objects.get(pk=world.case_x.pk).version}  # fmt: skip
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    if isinstance(value, str) and "{" in value:
        filled = value.format(**ids)
        return int(filled) if value.startswith("{") else filled
    return value


def strict(world, actor) -> Client:
    return clone(world.clients[actor], enforce_csrf_checks=True)


def still_logged_in(client, actor) -> bool:
    path = "/de/office/referrals/" if actor.startswith("partner") else "/de/office/"
    return client.get(path).status_code == 200


ATTACKS = {
    "no_token": lambda client, world: {},
    "wrong_token": lambda client, world: {"token": "A" * 64},
    "token_of_another_session": lambda client, world: {"token": api_token(world.client("administrator"))},
    "right_token_cross_origin": lambda client, world: {"token": api_token(client), "origin": EVIL},
}  # fmt: skip


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize("name", list(OFFICE_POSTS))
def test_office_post_without_valid_token_is_refused(world, name, attack):
    actor, path, body = OFFICE_POSTS[name]
    client = strict(world, actor)
    forged = ATTACKS[attack](client, world)
    data = fill(body, world)
    if "token" in forged:
        data["csrfmiddlewaretoken"] = forged["token"]
    extra = {"HTTP_ORIGIN": forged["origin"]} if "origin" in forged else {}
    before = snapshot()
    response = client.post(fill(path, world), data, **extra)
    assert response.status_code == 403, body_of(response)[:300]
    assert snapshot() == before
    assert still_logged_in(client, actor)


@pytest.mark.parametrize("name", list(OFFICE_POSTS))
def test_office_post_with_the_right_token_works(world, name):
    actor, path, body = OFFICE_POSTS[name]
    client = strict(world, actor)
    data = fill(body, world) | {"csrfmiddlewaretoken": api_token(client)}
    response = client.post(fill(path, world), data)
    assert response.status_code == 302, body_of(response)[:300]


@pytest.mark.parametrize("attack", ["no_token", "wrong_token", "right_token_cross_origin"])
@pytest.mark.parametrize("name", list(API_WRITES))
def test_staff_api_write_without_valid_token_is_refused(world, name, attack):
    actor, method, path, body, _ok = API_WRITES[name]
    client = strict(world, actor)
    forged = ATTACKS[attack](client, world)
    extra = {"HTTP_X_CSRFTOKEN": forged["token"]} if "token" in forged else {}
    if "origin" in forged:
        extra["HTTP_ORIGIN"] = forged["origin"]
    payload = json.dumps(fill(body, world)) if body is not None else ""
    before = snapshot()
    response = getattr(client, method)(
        fill(path, world), payload, content_type="application/json", **extra
    )
    assert response.status_code == 403, body_of(response)[:300]
    assert response.json()["error"]["code"] == "csrf_failed"
    assert snapshot() == before


@pytest.mark.parametrize("name", list(API_WRITES))
def test_staff_api_write_with_the_right_token_works(world, name):
    actor, method, path, body, ok = API_WRITES[name]
    client = strict(world, actor)
    payload = json.dumps(fill(body, world)) if body is not None else ""
    response = getattr(client, method)(
        fill(path, world), payload, content_type="application/json",
        HTTP_X_CSRFTOKEN=api_token(client),
    )  # fmt: skip
    assert response.status_code == ok, body_of(response)[:300]


def test_origin_null_with_the_right_token_is_refused(world):
    """Staff pages send a same-origin Referrer-Policy, so browsers send a real Origin."""
    client = strict(world, "caseworker")
    response = client.post(
        f"/de/office/cases/{world.case_x.pk}/note/",
        {"note-body": "x", "csrfmiddlewaretoken": api_token(client)},
        HTTP_ORIGIN="null",
    )
    assert response.status_code == 403


def test_login_steps_need_the_token(world):
    """Login CSRF: a forged login would put the victim into the attacker's account."""
    client = Client(enforce_csrf_checks=True)
    user = world.caseworker
    assert (
        client.post(
            "/de/office/login/", {"username": user.username, "password": PASSWORD}
        ).status_code
        == 403
    )
    page = client.get("/de/office/login/")
    token = page.context["csrf_token"]
    response = client.post(
        "/de/office/login/",
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
    )
    assert response.status_code == 302
    second = {"code": user.backup_codes[-1]}
    assert client.post("/de/office/login/second-factor/", second).status_code == 403
    assert client.get("/de/office/").status_code == 302  # still not past the second factor


# --- public POSTs: no cookie, so Sec-Fetch-Site / Origin decide ---------------------------

CROSS_SITE = {
    "sec_fetch_cross_site": {"HTTP_SEC_FETCH_SITE": "cross-site"},
    "sec_fetch_same_site": {"HTTP_SEC_FETCH_SITE": "same-site"},
    "origin_other_site": {"HTTP_ORIGIN": EVIL},
    "origin_lookalike_host": {"HTTP_ORIGIN": "http://testserver.evil.example"},
    "origin_other_scheme": {"HTTP_ORIGIN": "https://testserver"},
}  # fmt: skip


def confirmation() -> dict:
    """The hidden token and last four digits of a receipt page (a fresh report)."""
    from frontend.public import receipt_token
    from reporting.services.reports import report_submit
    from tests.factories import submission

    code = report_submit(submission=submission()).receipt_code
    return {
        "token": receipt_token.seal_receipt(receipt_token.Receipt(code)),
        "last_four": code[-4:],
    }


def public_post(world, name) -> tuple:
    return {
        "report": lambda: ("anonymous", "/de/report/", form_data()),
        "receipt_confirm": lambda: ("anonymous", "/de/report/saved/", confirmation()),
        "receipt_login": lambda: ("anonymous", "/de/receipt/", {"code": world.x.receipt_code}),
        "receipt_message": lambda: ("reporter_x", "/de/receipt/status/", {"body": "Nachtrag"}),
        "receipt_withdraw": lambda: ("reporter_x", "/de/receipt/withdraw/", {"confirm": "on"}),
        "receipt_logout": lambda: ("reporter_x", "/de/receipt/logout/", {}),
    }[name]()  # fmt: skip


PUBLIC = ("report", "receipt_confirm", "receipt_login", "receipt_message", "receipt_withdraw",
          "receipt_logout")  # fmt: skip


@pytest.mark.parametrize("headers", list(CROSS_SITE))
@pytest.mark.parametrize("name", PUBLIC)
def test_public_post_from_another_site_is_refused(world, name, headers):
    actor, path, data = public_post(world, name)
    client = world.client(actor)
    before = snapshot()
    response = client.post(path, data, **CROSS_SITE[headers])
    assert response.status_code == 403, body_of(response)[:300]
    assert snapshot() == before
    assert "sessionid" not in response.cookies and "ms_key" not in response.cookies
    if actor == "reporter_x":
        assert client.get("/de/receipt/status/").status_code == 200  # not logged out


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_SEC_FETCH_SITE": "same-origin"}, {"HTTP_ORIGIN": "null"}],
    ids=["sec_fetch_same_origin", "origin_null"],
)  # fmt: skip
@pytest.mark.parametrize("name", PUBLIC)
def test_public_post_from_our_own_pages_works(world, name, headers):
    actor, path, data = public_post(world, name)
    response = world.client(actor).post(path, data, **headers)
    assert response.status_code in (200, 302), body_of(response)[:300]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])  # fmt: skip
def test_public_api_refuses_what_a_cross_site_form_can_send(world, content_type):
    """A form on another site can only send these; the API takes JSON (which needs CORS)."""
    before = Report.objects.count()
    response = Client().post(
        "/api/v1/public/reports/",
        json.dumps(api_payload()),
        content_type=content_type,
        HTTP_SEC_FETCH_SITE="cross-site",
        HTTP_ORIGIN=EVIL,
    )
    assert response.status_code in (400, 415)
    assert Report.objects.count() == before


def test_no_cors_grant_for_other_sites(world):
    response = Client().options(
        "/api/v1/public/reports/",
        HTTP_ORIGIN=EVIL,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Credentials" not in response


def test_refused_public_posts_leave_no_trace(world):
    """Withdrawal and messages really are untouched after a refused cross-site POST."""
    client = world.client("reporter_x")
    client.post("/de/receipt/withdraw/", {"confirm": "on"}, HTTP_SEC_FETCH_SITE="cross-site")
    client.post("/de/receipt/status/", {"body": "x"}, HTTP_SEC_FETCH_SITE="cross-site")
    assert Report.objects.get(pk=world.x.report.pk).consent_referral
    assert Referral.objects.get(pk=world.referral_a.pk).status == "SENT"
    assert not Message.objects.filter(case__report=world.x.report).exists()


def test_spoofed_host_cannot_make_a_foreign_origin_look_like_ours(world):
    """is_cross_site compares Origin with the Host; a Host we do not serve is a 400."""
    before = snapshot()
    response = Client(raise_request_exception=False).post(
        "/de/receipt/",
        {"code": world.x.receipt_code},
        HTTP_HOST="evil.example",
        HTTP_ORIGIN="http://evil.example",
    )
    assert response.status_code == 400
    assert "sessionid" not in response.cookies
    assert snapshot() == before
