"""Public statistics pages: published snapshots only, no JavaScript, no cookie.

Everything shown comes from `AnnualReport.snapshot`, which never changes once
published, so rendered pages are cached per (report, language) in each process
(performance/page_cache.py).
"""

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from frontend.seo import indexable
from frontend.statistics.presenters import headline_view, legend, present, year_on_year_view
from performance.page_cache import published_page
from reporting.models import AnnualReport
from reporting.selectors.statistics import published_report, published_reports
from reporting.statistics import export, labels
from reporting.statistics.annual import table as find_table

# A year's report changes only by a new edition: a day of caching is plenty.
PUBLIC_CACHE = "public, max-age=3600"


def _published_or_404(year: int, edition: int) -> AnnualReport:
    report = published_report(year, edition)
    if report is None:
        raise Http404
    return report


def _public(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = PUBLIC_CACHE
    return response


def report_context(
    report: AnnualReport, body: dict, *, previous: dict | None, prefix: str = "chart"
) -> dict:
    """`previous`: the published body of the year before (None: none published)."""
    editions = list(
        AnnualReport.objects.published()
        .filter(year=report.year)
        .order_by("-edition")
        .values_list("edition", flat=True)
    )
    return {
        "report": report,
        "body": body,
        "tables": present(body, prefix=prefix),
        "change": year_on_year_view(body),
        "headlines": headline_view(body, previous),
        "legend": legend(body.get("k")),
        "errata": labels.errata(body),
        "editions": editions,
        "latest_edition": editions[0] if editions else None,
    }


@indexable
@require_safe
def report_list(request):
    reports = list(published_reports().only("year", "edition", "published_at", "k"))
    latest: dict[int, int] = {}
    for report in reports:
        latest.setdefault(report.year, report.edition)
        report.superseded = report.edition != latest[report.year]
    html = render_to_string("statistics/list.html", {"reports": reports}, request=request)
    return HttpResponse(html)


@require_safe
def report_latest(request, year: int):
    report = published_report(year)
    if report is None:
        raise Http404
    return redirect("statistics:detail", year=report.year, edition=report.edition)


@indexable
@require_safe
def report_detail(request, year: int, edition: int):
    report = _published_or_404(year, edition)
    # The headlines compare two published snapshots as stored, so the page changes only
    # with a new edition of this year or of the year before.
    before = published_report(year - 1)

    def render():
        previous = before.snapshot if before else None
        context = report_context(report, report.snapshot, previous=previous)
        return render_to_string("statistics/report.html", context, request=request)

    # Which editions exist is part of the page (a later one supersedes this one).
    latest = published_report(year).edition
    html = published_page((report.pk, latest, before and before.pk, get_language()), render)
    return _public(HttpResponse(html))


@require_safe
def table_csv(request, year: int, edition: int, table: str):
    report = _published_or_404(year, edition)
    found = find_table(report.snapshot, table)
    if found is None:
        raise Http404
    response = HttpResponse(
        export.table_csv(found, report.snapshot["k"]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="meldestelle-{year}-{edition}-{found["id"]}.csv"'
    )
    return _public(response)


@require_safe
def table_json(request, year: int, edition: int, table: str):
    report = _published_or_404(year, edition)
    found = find_table(report.snapshot, table)
    if found is None:
        raise Http404
    response = JsonResponse(
        export.table_json(report.snapshot, found), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = (
        f'attachment; filename="meldestelle-{year}-{edition}-{found["id"]}.json"'
    )
    return _public(response)


@require_safe
def report_json(request, year: int, edition: int):
    report = _published_or_404(year, edition)
    # The snapshot as published, with what is known to be wrong in it (never stored there).
    body = {**report.snapshot, "errata": labels.errata(report.snapshot)}
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="meldestelle-{year}-{edition}.json"'
    return _public(response)
