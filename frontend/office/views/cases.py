"""Case work: inbox, case page, its history, the actions on it and its attachments."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from frontend.office.decorators import caseworker_required
from frontend.office.directory_forms import ExternalReferralForm
from frontend.office.forms import (
    BodyForm,
    CasePanelForm,
    InboxFilterForm,
    InterventionForm,
    InterventionRemoveForm,
    MessageForm,
    ReferralForm,
    ShareForm,
    TranslationForm,
)
from reporting.models import Case, CaseStatus
from reporting.permissions import own_organisation_id
from reporting.selectors.cases import (
    PREFILL_PARTS,
    InboxFilters,
    InboxSort,
    case_counts_by_status,
    case_detail,
    case_list_for_user,
    case_openings,
    case_timeline,
    classification_of,
    event_rows,
    history_of_case,
    inbox_excerpts,
    inbox_rows,
    intervention_of_case,
    language_name,
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
from reporting.selectors.shares import own_case_share
from reporting.selectors.translations import text_choices, translations_of_case
from reporting.services import cases as case_services
from reporting.services.referrals import referral_send
from reporting.services.shares import case_share
from reporting.vocabulary.errors import DomainError, KeysLocked
from reporting.vocabulary.taxonomy import Area, Form, Ground, IncidentType
from web.downloads import attachment_response, open_visible_attachment
from web.staff_session import session_keys

PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 100


@caseworker_required
def inbox(request):
    go_to = request.GET.get("case", "").strip().lstrip("#")
    if go_to.isdigit():  # "go to case number": the case page decides whether it is visible
        return redirect("office:case", pk=int(go_to))
    filter_form = InboxFilterForm(
        request.GET or None, organisation_id=own_organisation_id(request.user)
    )
    filters = _inbox_filters(filter_form)
    cases = with_last_reporter_message(case_list_for_user(request.user, filters))
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # The other parameters, for the sort control to keep.
    kept = [(k, v) for k, values in query.lists() if k != "sort" for v in values]
    # Decrypted for this response only: office pages are no-store, and neither the rows
    # nor the page are cached anywhere (docs/decisions.md).
    excerpts = inbox_excerpts(page.object_list, session_keys(request))
    context = {
        "filter_form": filter_form,
        "page": page,
        "rows": inbox_rows(page, excerpts),
        # Reversing the case URL for each of 50 rows was slow (performance/README.md); the
        # rows append their id.
        "cases_url": reverse("office:case", args=[0]).removesuffix("0/"),
        "counts": [
            (status, CaseStatus(status).label, count)
            for status, count in case_counts_by_status(request.user).items()
        ],
        "query": query.urlencode(),
        "kept": kept,
        "sort": filters.sort,
        "sorts": InboxSort.choices,
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
    forms = forms or {}
    referral_form = forms.get(
        "refer",
        ReferralForm(
            initial={"summary": prefilled_summary(detail, set(request.GET.getlist("prefill")))}
        ),
    )
    suggestions = []
    # Suggestions and the organisation select are shown only where the reporter consented
    # to passing on; both list the same organisations, read once. A member organisation's
    # own case is not referred on: it may be shared with the association instead.
    own_case = case.member_organisation_id is not None
    if case.report.consent_referral and not own_case:
        candidates = referral_candidates()
        suggestions = referral_suggestions(case, candidates=candidates)
        referral_form.offer(candidates)
    texts = text_choices((m.id, m.created_at) for m in detail.messages if m.from_reporter)
    context = {
        "case": case,
        # Its actions and history live below it (urls.py): one reverse, not eight.
        "case_url": reverse("office:case", args=[case.pk]),
        "detail": detail,
        "report": case.report,
        "report_language": language_name(case.report.language),
        "contact_language": language_name(detail.contact.get("language", ""))
        if detail.contact
        else "",
        "reporter_grounds": [Ground(c).label for c in case.report.grounds],
        "reporter_areas": [Area(c).label for c in case.report.areas],
        "reporter_forms": [Form(c).label for c in case.report.forms],
        "reporter_incident_types": [IncidentType(c).label for c in case.report.incident_types],
        "timeline": case_timeline(detail, translations),
        "panel_form": forms.get("update", CasePanelForm.for_case(case, classification_of(case))),
        "message_form": forms.get("message", MessageForm(prefix="message")),
        "note_form": forms.get("note", BodyForm(prefix="note")),
        "intervention_form": forms.get(
            "intervention",
            InterventionForm(
                prefix="intervention",
                initial={"version": case.version, "occurred_on": timezone.localdate()},
            ),
        ),
        "referral_form": referral_form,
        # Shown only where the reporter consented to passing on.
        "external_referral_form": ExternalReferralForm() if case.report.consent_referral else None,
        "suggestions": suggestions,
        "report_translations": translations.get("", []),
        "translation_form": TranslationForm(texts=texts),
        "referrals": [
            referral_detail(r, session_keys(request))
            for r in case.referrals.select_related("organisation")
        ]
        if case.report.consent_referral_ever_given and not own_case
        else [],
        "share": own_case_share(case, session_keys(request)),
        "share_form": forms.get("share", ShareForm()),
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


# The confirmation after each action. It never quotes what anybody wrote: Django keeps
# messages in the session until they are shown.
SAVED = _("The case was saved.")
NOTHING_CHANGED = _("Nothing was changed.")
REFERRED = _("The case was passed on to %(organisation)s.")

# Per action: the form, its options for this case, what it does with the cleaned data,
# and its confirmation (or how to word it from the form and what the action returned).
ACTIONS = {
    "update": (
        CasePanelForm,
        lambda case: {"case": case},
        lambda case, user, form: case_services.case_update(
            case=case,
            actor=user,
            expected_version=form.cleaned_data["version"],
            to_status=form.cleaned_data["to_status"],
            assignee=form.cleaned_data["assignee"],
            classification=form.classification(),
        ),
        lambda form, changed: SAVED if changed else NOTHING_CHANGED,
    ),
    "intervention": (
        InterventionForm,
        lambda case: {"prefix": "intervention"},
        lambda case, user, form: case_services.intervention_add(
            case=case,
            actor=user,
            kind=form.cleaned_data["kind"],
            occurred_on=form.cleaned_data["occurred_on"],
            notes=form.cleaned_data["notes"],
            expected_version=form.cleaned_data["version"],
        ),
        _("The intervention was recorded."),
    ),
    "intervention-remove": (
        InterventionRemoveForm,
        lambda case: {},
        lambda case, user, form: case_services.intervention_remove(
            intervention=_intervention_or_404(case, form.cleaned_data["intervention"]),
            actor=user,
            expected_version=form.cleaned_data["version"],
        ),
        _("The intervention was removed."),
    ),
    "message": (
        MessageForm,
        lambda case: {"prefix": "message"},
        lambda case, user, form: case_services.staff_message_send(
            case=case,
            actor=user,
            body=form.cleaned_data["body"],
            translation=form.cleaned_data["translation"],
        ),
        _("Your message was sent to the reporter."),
    ),
    "refer": (
        ReferralForm,
        lambda case: {},
        lambda case, user, form: referral_send(
            case=case,
            organisation=form.cleaned_data["organisation"],
            summary=form.cleaned_data["summary"],
            actor=user,
        ),
        lambda form, referral: REFERRED % {"organisation": referral.organisation.name},
    ),
    "share": (
        ShareForm,
        lambda case: {},
        lambda case, user, form: case_share(
            case=case, actor=user, summary=form.cleaned_data["summary"]
        ),
        _("The case was shared with the association."),
    ),
    "note": (
        BodyForm,
        lambda case: {"prefix": "note"},
        lambda case, user, form: case_services.note_add(
            case=case, actor=user, body=form.cleaned_data["body"]
        ),
        _("The note was added."),
    ),
}


@caseworker_required
@require_POST
def case_action(request, pk, action):
    case = _case_or_404(request, pk)
    if action not in ACTIONS:
        raise Http404  # an unknown action is a URL that does not exist, not a crash
    form_class, options, perform, confirmation = ACTIONS[action]
    form = form_class(request.POST, **options(case))
    if form.is_valid():
        try:
            result = perform(case, request.user, form)
        except DomainError as error:
            # Read again: a refused save rolled back whatever it had changed.
            case = _case_or_404(request, pk)
            return _render_case(
                request, case, {action: _rebound(form, case, options(case))},
                error=error.message, status=error.status,
            )  # fmt: skip
        messages.success(
            request, confirmation(form, result) if callable(confirmation) else confirmation
        )
        return redirect("office:case", pk=case.pk)
    return _render_case(request, case, {action: form}, status=400)


def _rebound(form, case, options: dict):
    """The user's input again, against the version of the case they now see, so that
    saving it once more after a conflict can succeed."""
    if "version" not in form.fields:
        return form
    data = form.data.copy()
    data[form.add_prefix("version")] = case.version
    return type(form)(data, **options)


@caseworker_required
def attachment_download(request, pk):
    try:
        opened = open_visible_attachment(request.user, pk, session_keys(request))
    except KeysLocked as locked:
        return _locked_page(request, locked)
    return attachment_response(opened)
