"""Back office: live statistics dashboard and the annual report workflow.

The dashboard (statistics and caseworker roles) shows live, unsuppressed
counts; anyone else gets a 404. Drafting, approving and publishing annual
reports is for the statistics role only.
"""

import datetime
from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from frontend.form_errors import form_add_domain_error
from frontend.office.decorators import staff_verified
from frontend.statistics.forms import (
    DraftCreateForm,
    DraftUpdateForm,
    NewEditionForm,
    PublishForm,
    YearForm,
)
from frontend.statistics.presenters import headline_view, legend, present, year_on_year_view
from performance.page_cache import live_for
from reporting.models import AnnualReport, CaseStatus
from reporting.selectors import statistics as selectors
from reporting.services import statistics as services
from reporting.statistics import access, labels
from reporting.vocabulary.errors import DomainError

DASHBOARD_DAYS = 365
LIVE_CACHE_SECONDS = 60


def statistics_viewer(view):
    @staff_verified
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.can_view_statistics(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def statistics_publisher(view):
    @staff_verified
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.can_publish_statistics(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def operations(today: datetime.date) -> dict:
    """Open cases, response times and referrals, labelled for the template."""
    figures = selectors.case_work_figures(today, DASHBOARD_DAYS)
    open_cases = figures["open_cases"]
    return {
        "since": figures["since"],
        "open_cases": [
            {"status": CaseStatus(status).label, "code": status, "ages": ages, "total": sum(ages)}
            for status, ages in open_cases.items()
        ],
        "open_total": sum(sum(ages) for ages in open_cases.values()),
        "median_triage": figures["median_days_to_triage"],
        "median_triage_n": figures["triaged_cases"],
        "median_reply": figures["median_days_to_reply"],
        "median_reply_n": figures["replied_cases"],
        "referrals": _referral_rows(figures["referrals"]),
    }


def _referral_rows(referrals):
    if referrals is None:
        return None
    from reporting.models.referrals import Referral

    outcomes = {code: label for code, label in Referral.Outcome.choices}
    statuses = {code: label for code, label in Referral.Status.choices}
    rows = []
    for status, by_outcome in sorted(referrals.items()):
        for outcome, count in sorted(by_outcome.items()):
            rows.append(
                {
                    "status": statuses.get(status, status),
                    "outcome": outcomes.get(outcome, outcome) if outcome else "—",
                    "count": count,
                }
            )
    return rows


@statistics_viewer
def dashboard(request):
    today = timezone.localdate()
    form = YearForm(request.GET or {"year": today.year})
    year = form.cleaned_data["year"] if form.is_valid() else today.year
    # Two scans of a year each: a minute-old dashboard is live enough.
    body, previous = live_for(
        LIVE_CACHE_SECONDS,
        f"statistics:live-with-previous:{year}",
        lambda: selectors.live_statistics_with_previous(year),
    )
    context = {
        "year_form": form,
        "year": year,
        "body": body,
        "tables": present(body, prefix="live"),
        "change": year_on_year_view(body),
        "headlines": headline_view(body, previous),
        "ops": operations(today),
        "reports": selectors.annual_reports_for_staff(),
        "can_publish": access.can_publish_statistics(request.user),
        "create_form": DraftCreateForm(initial={"year": today.year - 1}),
    }
    return render(request, "statistics/office/dashboard.html", context)


@statistics_publisher
@require_POST
def report_create(request):
    form = DraftCreateForm(request.POST)
    if form.is_valid():
        try:
            report = services.annual_report_create_draft(
                actor=request.user, year=form.cleaned_data["year"], k=form.cleaned_data["k"]
            )
        except DomainError as error:
            form_add_domain_error(form, error, general=error.message)
        else:
            return redirect("office_statistics:report", pk=report.pk)
    return render(request, "statistics/office/create.html", {"form": form}, status=400)


def _review(request, report: AnnualReport, forms=None, error=None, status=200):
    forms = forms or {}
    if report.is_published:
        body = report.snapshot
    else:
        body = selectors.annual_report_body(year=report.year, k=report.k)
    before = selectors.latest_published(report.year - 1)
    context = {
        "report": report,
        "body": body,
        "tables": present(body, prefix="review"),
        "change": year_on_year_view(body),
        "headlines": headline_view(body, before.snapshot if before else None),
        "legend": legend(body.get("k")),
        "errata": labels.errata(body),
        "can_publish": access.can_publish_statistics(request.user),
        "update_form": forms.get(
            "update",
            DraftUpdateForm(
                initial={
                    "k": report.k,
                    "foreword": report.foreword,
                    "methodology": report.methodology,
                    "correction_note": report.correction_note,
                }
            ),
        ),
        "publish_form": forms.get("publish", PublishForm()),
        "edition_form": forms.get("edition", NewEditionForm()),
        "error": error,
    }
    return render(request, "statistics/office/report.html", context, status=status)


@statistics_viewer
def report_review(request, pk: int):
    return _review(request, get_object_or_404(AnnualReport, pk=pk))


ACTIONS = {
    "update": (
        DraftUpdateForm,
        lambda report, user, d: services.annual_report_update(report=report, actor=user, **d),
    ),
    "publish": (
        PublishForm,
        lambda report, user, d: services.annual_report_publish(
            report=report, actor=user, confirmed=d["confirmed"]
        ),
    ),
    "edition": (
        NewEditionForm,
        lambda report, user, d: services.annual_report_new_edition(
            report=report, actor=user, correction_note=d["correction_note"]
        ),
    ),
}


@statistics_publisher
@require_http_methods(["POST"])
def report_action(request, pk: int, action: str):
    report = get_object_or_404(AnnualReport, pk=pk)
    if action not in ACTIONS:
        raise Http404
    form_class, perform = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return _review(request, report, {action: form}, status=400)
    try:
        result = perform(report, request.user, form.cleaned_data)
    except DomainError as error:
        form_add_domain_error(form, error)
        report.refresh_from_db()
        return _review(request, report, {action: form}, error=error.message, status=error.status)
    return redirect("office_statistics:report", pk=result.pk)
