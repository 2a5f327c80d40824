"""Back office: staff login (password, then second factor), inbox, case page."""

from urllib.parse import urlencode

from django.contrib.auth import login, logout, update_session_auth_hash
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.forms import OTPTokenForm

from frontend.office.decorators import caseworker_required, staff_verified
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
from reporting import keysession
from reporting.agg import AGG_AUTO
from reporting.crypto import DecryptionError
from reporting.downloads import attachment_response, open_visible_attachment
from reporting.errors import DomainError, KeysLocked
from reporting.models import Case
from reporting.permissions import handles_referrals
from reporting.selectors.cases import (
    InboxFilters,
    case_counts_by_status,
    case_detail,
    case_list_for_user,
    event_rows,
    events_of_case,
    inbox_rows,
    recent_event_rows,
    visible_case,
)
from reporting.selectors.referrals import (
    referral_candidates,
    referral_detail,
    referral_suggestions,
)
from reporting.services import cases as case_services
from reporting.services.referrals import referral_send
from reporting.services.staff_keys import user_password_change
from reporting.services.staff_login import staff_password_login
from reporting.staff_session import session_keys, store_keys
from reporting.taxonomy import Area, Form, Ground
from reporting.workflow import allowed_next

ERROR_LOGIN = _("User name or password is wrong.")
ERROR_LOCKED = _("This account is locked for a while after too many failed logins.")
ERROR_SLOWED_DOWN = _("Several failed attempts in a row: please wait a moment and try again.")
PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 100


def _next_url(request) -> str | None:
    """A `next` path on this site (the admin sends its login here), or None."""
    url = request.GET.get("next", "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request):
    """Password step. Every answer to a refused login is the same for every user name:
    wrong, wrong and please wait (slow-down), or locked (staff_password_login)."""
    request.no_store = True
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = staff_password_login(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if result.user is not None:
            login(request, result.user)  # rotates the session id
            next_url = _next_url(request)
            response = redirect(
                reverse("office:otp") + (f"?{urlencode({'next': next_url})}" if next_url else "")
            )
            store_keys(request, response, result.keys)
            request.session["office_key_count"] = len(result.keys)
            return response
        form.add_error(None, ERROR_LOCKED if result.locked else ERROR_LOGIN)
        if result.slowed_down:
            form.add_error(None, ERROR_SLOWED_DOWN)
    return render(request, "office/login.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def otp_view(request):
    request.no_store = True
    if not request.user.is_authenticated:
        return redirect("office:login")
    form = OTPTokenForm(request.user, request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.get_user().otp_device)
        if next_url := _next_url(request):
            return redirect(next_url)
        if handles_referrals(request.user):
            return redirect("office:referrals")
        return redirect("office:inbox")
    return render(request, "office/otp.html", {"form": form})


@staff_verified
@require_http_methods(["GET", "HEAD", "POST"])
def password_view(request):
    """Own password change: the same key pair is re-wrapped, so grants stay."""
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_change(
            user=request.user,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password"],
        )
        update_session_auth_hash(request, request.user)
        return render(request, "office/password.html", {"form": None, "changed": True})
    return render(request, "office/password.html", {"form": form})


@require_POST
def logout_view(request):
    response = redirect("office:login")
    keysession.destroy(request, response)
    logout(request)
    return response


@caseworker_required
def inbox(request):
    filter_form = InboxFilterForm(request.GET or None)
    page = Paginator(
        case_list_for_user(request.user, _inbox_filters(filter_form)), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": filter_form,
        "page": page,
        "rows": inbox_rows(page),
        # Reversing the case URL for each of 50 rows costs ~5 ms; the rows append their id.
        "cases_url": reverse("office:case", args=[0]).removesuffix("0/"),
        "counts": case_counts_by_status(request.user),
        "query": query.urlencode(),
        "no_keys": request.session.get("office_key_count") == 0,
    }
    return render(request, "office/inbox.html", context)


def _inbox_filters(form: InboxFilterForm) -> InboxFilters:
    """The valid filters. A wrong one shows its error and is left out; the others still
    apply, so the list never silently shows more than was asked for."""
    if not form.is_bound:
        return InboxFilters()
    form.is_valid()
    data = dict(form.cleaned_data)
    assignee = data.pop("assignee", None)
    return InboxFilters(**data, assignee=assignee.pk if assignee else None)


def _case_or_404(request, pk) -> Case:
    case = visible_case(request.user, pk)
    if case is None:
        raise Http404
    return case


def _render_case(request, case, forms=None, error=None, status=200):
    try:
        detail = case_detail(case, session_keys(request))
    except KeysLocked as locked:
        return render(request, "office/locked.html", {"message": locked.message}, status=403)
    case_services.case_view_record(case=case, actor=request.user)
    # The case's classification is the assessment where there is one, else the reporter's.
    assessment = getattr(case, "assessment", None)  # read with the case: no query
    initial_assessment = {
        "version": case.version,
        "grounds": case.grounds,
        "areas": case.areas,
        "forms": case.forms,
        "district": case.district,
        "incident_month": case.incident_month,
        "is_discrimination": case.is_discrimination,
        "agg_scope": assessment.agg_scope if assessment else AGG_AUTO,
    }
    forms = forms or {}
    transition_form = forms.get("transition", TransitionForm(initial={"version": case.version}))
    transition_form.fields["to_status"].choices = [
        (s, label)
        for s, label in transition_form.fields["to_status"].choices
        if s in allowed_next(case.status)
    ]
    referral_form = forms.get(
        "refer", ReferralForm(initial={"summary": _prefilled_summary(request, detail)})
    )
    suggestions = []
    # Suggestions and the organisation select are shown only where the reporter consented
    # to passing on; both list the same organisations, read once.
    if case.report.consent_referral:
        candidates = referral_candidates()
        suggestions = referral_suggestions(case, candidates=candidates)
        referral_form.offer(candidates)
    context = {
        "case": case,
        # Its actions and history live below it (urls.py); reversing each of the eight
        # links on the page cost ~0.5 ms.
        "case_url": reverse("office:case", args=[case.pk]),
        "detail": detail,
        "report": case.report,
        "reporter_grounds": [Ground(c).label for c in case.report.grounds],
        "reporter_areas": [Area(c).label for c in case.report.areas],
        "reporter_forms": [Form(c).label for c in case.report.forms],
        "transition_form": transition_form,
        "assign_form": forms.get(
            "assign", AssignForm(initial={"version": case.version, "assignee": case.assignee})
        ),
        "assessment_form": forms.get("assess", AssessmentForm(initial=initial_assessment)),
        "message_form": forms.get("message", BodyForm(prefix="message")),
        "note_form": forms.get("note", BodyForm(prefix="note")),
        "referral_form": referral_form,
        "suggestions": suggestions,
        "referrals": [
            referral_detail(r, session_keys(request))
            for r in case.referrals.select_related("organisation")
        ]
        if case.report.consent_referral_ever_given
        else [],
        "prefill_parts": PREFILL_PARTS,
        "events": recent_event_rows(case),
        "error": error,
    }
    return render(request, "office/case.html", context, status=status)


PREFILL_PARTS = {
    "narrative": _("What happened"),
    "when": _("When"),
    "where": _("Where"),
    "contact": _("Contact details"),
}


def _prefilled_summary(request, detail) -> str:
    """The parts of the report the caseworker chose (GET ?prefill=…), as a starting text."""
    chosen = set(request.GET.getlist("prefill"))
    report, content = detail.case.report, detail.content
    parts = {
        "narrative": content.get("narrative", ""),
        "when": content.get("incident_date") or report.incident_month,
        "where": " – ".join(
            p for p in (report.get_district_display(), content.get("place_detail")) if p
        ),
        "contact": " ".join(
            v for v in (detail.contact.get("email"), detail.contact.get("phone")) if v
        )
        if detail.contact and report.consent_contact
        else "",
    }
    return "\n\n".join(
        f"{PREFILL_PARTS[k]}: {parts[k]}" for k in PREFILL_PARTS if k in chosen and parts[k]
    )


@caseworker_required
def case_page(request, pk):
    return _render_case(request, _case_or_404(request, pk))


@caseworker_required
def case_history(request, pk):
    """The whole audit trail of a case (the case page shows the latest events only)."""
    case = _case_or_404(request, pk)
    page = Paginator(events_of_case(case), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"case": case, "page": page, "events": event_rows(page.object_list)}
    return render(request, "office/case_history.html", context)


ACTIONS = {
    "transition": (
        TransitionForm,
        {},
        lambda case, user, d: case_services.case_transition(
            case=case, actor=user, to_status=d["to_status"], expected_version=d["version"]
        ),
    ),
    "assign": (
        AssignForm,
        {},
        lambda case, user, d: case_services.case_assign(
            case=case, actor=user, assignee=d["assignee"], expected_version=d["version"]
        ),
    ),
    "assess": (
        AssessmentForm,
        {},
        lambda case, user, d: case_services.case_assess(
            case=case,
            actor=user,
            expected_version=d["version"],
            grounds=d["grounds"],
            areas=d["areas"],
            forms=d["forms"],
            district=d["district"],
            incident_month=d["incident_month"],
            is_discrimination=d["is_discrimination"],
            agg_scope=d["agg_scope"],
        ),
    ),
    "message": (
        BodyForm,
        {"prefix": "message"},
        lambda case, user, d: case_services.staff_message_send(
            case=case, actor=user, body=d["body"]
        ),
    ),
    "refer": (
        ReferralForm,
        {},
        lambda case, user, d: referral_send(
            case=case, organisation=d["organisation"], summary=d["summary"], actor=user
        ),
    ),
    "note": (
        BodyForm,
        {"prefix": "note"},
        lambda case, user, d: case_services.note_add(case=case, actor=user, body=d["body"]),
    ),
}


@caseworker_required
@require_POST
def case_action(request, pk, action):
    case = _case_or_404(request, pk)
    if action not in ACTIONS:
        raise Http404  # an unknown action is a URL that does not exist, not a crash
    form_class, options, perform = ACTIONS[action]
    form = form_class(request.POST, **options)
    if form.is_valid():
        try:
            perform(case, request.user, form.cleaned_data)
        except DomainError as error:
            case.refresh_from_db()
            return _render_case(
                request, case, {action: _rebound(form, case)}, error=error.message,
                status=error.status,
            )  # fmt: skip
        return redirect("office:case", pk=case.pk)
    return _render_case(request, case, {action: form}, status=400)


def _rebound(form, case):
    """The user's input again, against the version of the case they now see, so that
    saving it once more after a conflict can succeed."""
    if "version" not in form.fields:
        return form
    data = form.data.copy()
    data[form.add_prefix("version")] = case.version
    return type(form)(data, prefix=form.prefix)


@caseworker_required
def attachment_download(request, pk):
    try:
        opened = open_visible_attachment(request.user, pk, session_keys(request))
    except DecryptionError:
        raise Http404 from None
    return attachment_response(opened)
