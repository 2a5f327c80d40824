"""Case work: inbox, case page, its history, the actions on it and its attachments."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from frontend.office.decorators import caseworker_required
from frontend.office.forms import (
    AssessmentForm,
    AssignForm,
    BodyForm,
    InboxFilterForm,
    InterventionForm,
    InterventionRemoveForm,
    ReferralForm,
    TransitionForm,
    TranslationForm,
    TranslationRequestForm,
)
from reporting.models import Case, CaseStatus
from reporting.selectors.cases import (
    PREFILL_PARTS,
    InboxFilters,
    case_counts_by_status,
    case_detail,
    case_list_for_user,
    case_openings,
    event_rows,
    history_of_case,
    inbox_rows,
    intervention_of_case,
    prefilled_summary,
    recent_event_rows,
    visible_case,
    with_last_reporter_message,
)
from reporting.selectors.referrals import (
    referral_candidates,
    referral_detail,
    referral_suggestions,
)
from reporting.selectors.translations import translations_of_case
from reporting.services import cases as case_services
from reporting.services.referrals import referral_send
from reporting.vocabulary.agg import AGG_AUTO
from reporting.vocabulary.errors import DomainError, KeysLocked
from reporting.vocabulary.taxonomy import Area, Form, Ground, IncidentType
from reporting.vocabulary.workflow import allowed_next
from web.downloads import attachment_response, open_visible_attachment
from web.staff_session import session_keys

PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 100


@caseworker_required
def inbox(request):
    go_to = request.GET.get("case", "").strip().lstrip("#")
    if go_to.isdigit():  # "go to case number": the case page decides whether it is visible
        return redirect("office:case", pk=int(go_to))
    filter_form = InboxFilterForm(request.GET or None)
    filters = _inbox_filters(filter_form)
    cases = with_last_reporter_message(case_list_for_user(request.user, filters))
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": filter_form,
        "page": page,
        "rows": inbox_rows(page),
        # Reversing the case URL for each of 50 rows was slow (performance/README.md); the
        # rows append their id.
        "cases_url": reverse("office:case", args=[0]).removesuffix("0/"),
        "counts": [
            (status, CaseStatus(status).label, count)
            for status, count in case_counts_by_status(request.user).items()
        ],
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


def _intervention_or_404(case, pk):
    intervention = intervention_of_case(case, pk)
    if intervention is None:
        raise Http404
    return intervention


def _locked_page(request, locked: KeysLocked):
    return render(request, "office/locked.html", {"message": locked.message}, status=403)


def _render_case(request, case, forms=None, error=None, status=200):
    try:
        detail = case_detail(case, session_keys(request))
        translations = translations_of_case(case, session_keys(request))
    except KeysLocked as locked:
        return _locked_page(request, locked)
    case_services.case_view_record(case=case, actor=request.user)
    # The case's classification is the assessment where there is one, else the reporter's.
    assessment = getattr(case, "assessment", None)  # read with the case: no query
    initial_assessment = {
        "version": case.version,
        "grounds": case.grounds,
        "areas": case.areas,
        "forms": case.forms,
        "incident_types": case.incident_types,
        "actor": case.actor,
        "district": case.district,
        "incident_month": case.incident_month,
        "is_discrimination": case.is_discrimination,
        # The team's judgement; before the first assessment, suggested by the grounds.
        "multidimensional": assessment.multidimensional if assessment else len(case.grounds) > 1,
        "consequences": case.consequences,
        "agg_scope": assessment.agg_scope if assessment else AGG_AUTO,
        "outcome": case.outcome,
    }
    forms = forms or {}
    transition_form = forms.get("transition", TransitionForm(initial={"version": case.version}))
    transition_form.fields["to_status"].choices = [
        (s, label)
        for s, label in transition_form.fields["to_status"].choices
        if s in allowed_next(case.status)
    ]
    referral_form = forms.get(
        "refer",
        ReferralForm(
            initial={"summary": prefilled_summary(detail, set(request.GET.getlist("prefill")))}
        ),
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
        # Its actions and history live below it (urls.py): one reverse, not eight.
        "case_url": reverse("office:case", args=[case.pk]),
        "detail": detail,
        "report": case.report,
        "reporter_grounds": [Ground(c).label for c in case.report.grounds],
        "reporter_areas": [Area(c).label for c in case.report.areas],
        "reporter_forms": [Form(c).label for c in case.report.forms],
        "reporter_incident_types": [IncidentType(c).label for c in case.report.incident_types],
        "transition_form": transition_form,
        "assign_form": forms.get(
            "assign", AssignForm(initial={"version": case.version, "assignee": case.assignee})
        ),
        "assessment_form": forms.get("assess", AssessmentForm(initial=initial_assessment)),
        "message_form": forms.get("message", BodyForm(prefix="message")),
        "note_form": forms.get("note", BodyForm(prefix="note")),
        "intervention_form": forms.get(
            "intervention",
            InterventionForm(
                prefix="intervention",
                initial={"version": case.version, "occurred_on": timezone.localdate()},
            ),
        ),
        "referral_form": referral_form,
        "suggestions": suggestions,
        "report_translations": translations.get("", []),
        "translation_form": TranslationForm(),
        "interpreter_form": TranslationRequestForm(),
        "referrals": [
            referral_detail(r, session_keys(request))
            for r in case.referrals.select_related("organisation")
        ]
        if case.report.consent_referral_ever_given
        else [],
        "prefill_parts": PREFILL_PARTS,
        "events": recent_event_rows(case),
        "openings": case_openings(case),
        "error": error,
    }
    return render(request, "office/case.html", context, status=status)


@caseworker_required
def case_page(request, pk):
    return _render_case(request, _case_or_404(request, pk))


@caseworker_required
def case_history(request, pk):
    """The whole audit trail of a case (the case page shows the latest events only)."""
    case = _case_or_404(request, pk)
    page = Paginator(history_of_case(case), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "case": case,
        "page": page,
        "events": event_rows(page.object_list),
        "openings": case_openings(case),
    }
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
            incident_types=d["incident_types"],
            responsible_actor=d["actor"],
            multidimensional=d["multidimensional"],
            consequences=d["consequences"],
            outcome=d["outcome"],
        ),
    ),
    "intervention": (
        InterventionForm,
        {"prefix": "intervention"},
        lambda case, user, d: case_services.intervention_add(
            case=case,
            actor=user,
            kind=d["kind"],
            occurred_on=d["occurred_on"],
            notes=d["notes"],
            expected_version=d["version"],
        ),
    ),
    "intervention-remove": (
        InterventionRemoveForm,
        {},
        lambda case, user, d: case_services.intervention_remove(
            intervention=_intervention_or_404(case, d["intervention"]),
            actor=user,
            expected_version=d["version"],
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
    except KeysLocked as locked:
        return _locked_page(request, locked)
    return attachment_response(opened)
