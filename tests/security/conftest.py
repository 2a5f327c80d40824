"""Shared setup of the attack tests: two member organisations, two reports, every kind of user.

The attacker is assumed to know every URL, to hold one account (or one receipt code)
and to guess or enumerate ids. `world` builds everything an attacker could aim at.
"""

import io
import itertools
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from PIL import Image

from reporting.models import (
    Attachment,
    AuditEvent,
    Case,
    Message,
    Note,
    Organisation,
    Referral,
    ReferralUpdate,
    Report,
)
from reporting.services import cases as case_services
from reporting.services.attachments import attachments_prepare
from reporting.services.keys import (
    association_keyring_create,
    organisation_key_create,
    organisation_key_recover,
)
from reporting.services.referrals import referral_send, referral_step
from reporting.services.reports import report_submit
from reporting.services.staff_accounts import staff_create
from reporting.services.staff_keys import key_grant
from reporting.vocabulary.roles import Role
from tests.factories import FAST_KDF, submission
from tests.logins import STAFF_PASSWORD as PASSWORD
from tests.logins import staff_login

NARRATIVE_X = "Geheim-X: der Vermieter in der Lindenstraße 4 lehnte uns ab."
NARRATIVE_Y = "Geheim-Y: die Türsteherin am Club Nord ließ uns nicht hinein."
CONTACT_Y = "melderin-y@example.org"
SUMMARY_A = "Zusammenfassung-A für die Beratung Dresden."
SUMMARY_B = "Zusammenfassung-B für die Beratung Leipzig."
NOTE_Y = "Interne Notiz-Y: Rückruf am Montag."
MESSAGE_Y = "Nachricht-Y an die meldende Person."
STEP_B = "Schritt-B: Termin vereinbart."
SECRETS_OF_Y = (NARRATIVE_Y, CONTACT_Y, SUMMARY_B, NOTE_Y, MESSAGE_Y, STEP_B)
ORG_A, ORG_B = "Beratung Dresden (fiktiv)", "Beratung Leipzig (fiktiv)"


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def upload(name: str, data: bytes | None = None, content_type="image/png"):
    return SimpleUploadedFile(name, png_bytes() if data is None else data, content_type)


def api_token(client: Client) -> str:
    return client.get("/api/v1/me/").json()["csrf_token"]


def receipt_login(client: Client, code: str) -> Client:
    response = client.post("/de/receipt/", {"code": code})
    assert response.status_code == 302, response.content[:500]
    return client


def body_of(response) -> str:
    content = response.content if not response.streaming else b"".join(response.streaming_content)
    return content.decode("utf-8", errors="replace")


def normalised(response, *ids) -> str:
    """The body with the ids in paths blanked out (the language links repeat the path)."""
    text = body_of(response)
    for value in ids:
        text = re.sub(rf"(?<=/){re.escape(str(value))}(?=/)", "<id>", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


# --- HTML inspection -------------------------------------------------------------------

DANGEROUS_TAGS = {"script", "img", "svg", "iframe", "object", "embed", "math", "video", "audio"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
# The one script of the public pages: a same-origin file for the quick exit.
OWN_SCRIPT = [("src", "/static/frontend/quick-exit.js"), ("defer", None)]


class _MarkupCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS and not (tag == "script" and attrs == OWN_SCRIPT):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}= on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def markup_problems(html: str) -> list[str]:
    """Active markup in a page; our own templates contain none of it but the quick exit's
    script file (CSP: no inline code)."""
    collector = _MarkupCollector()
    collector.feed(html)
    collector.close()
    return collector.problems


def assert_inert(html: str, values: dict[str, str]) -> None:
    """No active markup at all, and every value is present only in its escaped form."""
    assert markup_problems(html) == []
    missing = [field for field, value in values.items() if escape(value) not in html]
    assert missing == [], f"fields not rendered (escaped) on the page: {missing}"
    raw = [f for f, v in values.items() if v != escape(v) and v in html]
    assert raw == [], f"fields rendered unescaped: {raw}"


# --- data built once, rolled back after the package ---------------------------------------


@contextmanager
def rolled_back(django_db_blocker):
    """Like TestCase.setUpTestData: build once, every test runs in a savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


class Builder:
    """The factories of tests/conftest.py, usable outside a function-scoped fixture."""

    def __init__(self):
        self.counter = itertools.count()
        self.keyring = association_keyring_create(name="Test-Betreiber (fiktiv)", kdf=FAST_KDF)
        self.association = self.keyring.key.organisation
        self.private_key = organisation_key_recover(
            key=self.keyring.key, recovery_code=self.keyring.recovery_code
        )

    def staff(self, *roles, organisation=None, grant=True):
        organisation = organisation or self.association
        user, _totp, codes = staff_create(
            username=f"sec-staff{next(self.counter)}",
            password=PASSWORD,
            organisation=organisation,
            roles=list(roles),
        )
        if grant and organisation.kind == Organisation.Kind.ASSOCIATION:
            key_grant(organisation_key=self.keyring.key, private_key=self.private_key, user=user)
        user.backup_codes = codes
        return user

    def member(self, name, *, districts=(), partner=True):
        organisation = Organisation.objects.create(
            name=name, kind=Organisation.Kind.MEMBER, districts=list(districts)
        )
        created = organisation_key_create(organisation=organisation, kdf=FAST_KDF)
        private = organisation_key_recover(key=created.key, recovery_code=created.recovery_code)
        organisation.partner = None
        if partner:
            organisation.partner = self.staff(Role.PARTNER, organisation=organisation)
            key_grant(organisation_key=created.key, private_key=private, user=organisation.partner)
        return organisation


def clone(client: Client, **options) -> Client:
    """A new browser with the same cookies: tests never change the shared clients."""
    copy = Client(**options)
    for name, morsel in client.cookies.items():
        copy.cookies[name] = morsel.value
    return copy


@dataclass
class World:
    caseworker: object
    administrator: object
    statistics: object
    member_caseworker: object
    org_a: object
    org_b: object
    x: object  # SubmittedReport: referred to A
    y: object  # SubmittedReport: referred to B, with note, message and a partner step
    attachment_x: Attachment
    attachment_y: Attachment
    referral_a: Referral
    referral_b: Referral
    build: Builder
    clients: dict = field(default_factory=dict)

    @property
    def case_x(self) -> Case:
        return Case.objects.get(report=self.x.report)

    @property
    def case_y(self) -> Case:
        return Case.objects.get(report=self.y.report)

    def client(self, kind: str, **options) -> Client:
        """A logged-in browser of `kind` (see ACTORS); "anonymous" is a fresh one."""
        if kind == "anonymous":
            return Client(**options)
        return clone(self.clients[kind], **options)


ACTORS = (
    "caseworker",
    "administrator",
    "statistics",
    "member_caseworker",
    "partner_a",
    "partner_b",
    "reporter_x",
    "reporter_y",
)


def snapshot() -> dict:
    """Everything an attack could change, for before/after comparison."""
    return {
        "reports": Report.objects.count(),
        "cases": sorted(Case.objects.values_list("pk", "status", "version", "assignee_id")),
        "events": AuditEvent.objects.exclude(verb=AuditEvent.Verb.VIEWED).count(),
        "notes": Note.objects.count(),
        "messages": Message.objects.count(),
        "attachments": Attachment.objects.count(),
        "referrals": sorted(Referral.objects.values_list("pk", "status", "outcome")),
        "referral_updates": ReferralUpdate.objects.count(),
        "assessments": Case.objects.filter(assessment__isnull=False).count(),
        "consent": sorted(Report.objects.values_list("pk", "consent_referral")),
    }


@pytest.fixture(scope="package")
def shared_world(django_db_setup, django_db_blocker):
    """Built once for tests/security (about a second), rolled back when it is done."""
    with rolled_back(django_db_blocker):
        build = Builder()
        caseworker = build.staff(Role.CASEWORKER)
        org_a = build.member(ORG_A, districts=["14612"])
        org_b = build.member(ORG_B, districts=["14713"])
        x = report_submit(
            submission=submission(narrative=NARRATIVE_X, consent_referral=True, district="14612"),
            attachments=attachments_prepare([upload("foto-x.png")]),
        )
        y = report_submit(
            submission=submission(
                narrative=NARRATIVE_Y,
                consent_referral=True,
                contact_email=CONTACT_Y,
                consent_contact=True,
            ),
            attachments=attachments_prepare([upload("foto-y.png")]),
        )
        referral_a = referral_send(
            case=x.report.case, organisation=org_a, summary=SUMMARY_A, actor=caseworker
        )
        referral_b = referral_send(
            case=y.report.case, organisation=org_b, summary=SUMMARY_B, actor=caseworker
        )
        referral_step(referral=referral_b, actor=org_b.partner, status="ACCEPTED", text=STEP_B)
        case_services.note_add(case=y.report.case, actor=caseworker, body=NOTE_Y)
        case_services.staff_message_send(case=y.report.case, actor=caseworker, body=MESSAGE_Y)
        world = World(
            caseworker=caseworker,
            administrator=build.staff(Role.ADMINISTRATOR),
            statistics=build.staff(Role.STATISTICS),
            member_caseworker=build.staff(Role.CASEWORKER, organisation=org_a),
            org_a=org_a,
            org_b=org_b,
            x=x,
            y=y,
            attachment_x=Attachment.objects.get(case=x.report.case),
            attachment_y=Attachment.objects.get(case=y.report.case),
            referral_a=referral_a,
            referral_b=referral_b,
            build=build,
        )
        users = {
            "caseworker": caseworker,
            "administrator": world.administrator,
            "statistics": world.statistics,
            "member_caseworker": world.member_caseworker,
            "partner_a": org_a.partner,
            "partner_b": org_b.partner,
        }
        world.clients = {kind: staff_login(Client(), user) for kind, user in users.items()}
        world.clients["reporter_x"] = receipt_login(Client(), x.receipt_code)
        world.clients["reporter_y"] = receipt_login(Client(), y.receipt_code)
        yield world


@pytest.fixture
def world(shared_world, db) -> World:
    """The shared world; this test's changes are rolled back after it."""
    return shared_world


def missing_uuid() -> str:
    return str(uuid.uuid4())
