"""Back office: exports for funders and research (suppressed figures as XLSX or CSV).

Whoever sees the live statistics may export any organisation or the whole network; a
member organisation's caseworkers their own organisation only (any other: 404).
"""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from frontend.office.decorators import staff_verified
from frontend.statistics.forms import ExportForm
from reporting.selectors import funder_export as selectors
from reporting.services.funder_exports import funder_export_made
from reporting.statistics import access
from reporting.statistics.funder_export import export_file


def organisation_choices(scopes: list[str] | None) -> list[tuple[str, str]]:
    """The organisations a user may export, as form choices (`access.export_scopes_of`)."""
    members = selectors.member_organisations()
    if scopes is None:
        return [
            (selectors.NETWORK, _("The whole network")),
            (selectors.ASSOCIATION, _("The association's own cases")),
            *((str(org.pk), org.name) for org in members),
        ]
    return [(str(org.pk), org.name) for org in members.filter(pk__in=[int(s) for s in scopes])]


def export_scopes(user, requested: str | None) -> list[str] | None:
    """What `user` may export; a 404 for anyone else and for another organisation."""
    scopes = access.export_scopes_of(user)
    if scopes == []:
        raise Http404
    if scopes is not None and requested is not None and requested not in scopes:
        raise Http404
    return scopes


def file_response(cleaned: dict, user) -> HttpResponse:
    export = funder_export_made(
        actor=user,
        start=cleaned["start"],
        end=cleaned["end"],
        basis=cleaned["basis"],
        organisation=cleaned["organisation"],
        today=timezone.localdate(),
    )
    content, content_type, name = export_file(export, cleaned["file"])
    response = HttpResponse(content, content_type=content_type)
    # filename* for a name in another script (a member organisation's, Arabic words).
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@staff_verified
def export(request):
    scopes = export_scopes(request.user, request.GET.get("organisation"))
    choices = organisation_choices(scopes)
    last_year = timezone.localdate().year - 1
    if "start" in request.GET:
        form = ExportForm(request.GET, organisations=choices)
        if form.is_valid():
            return file_response(form.cleaned_data, request.user)
        status = 400
    else:
        form = ExportForm(
            organisations=choices,
            initial={
                "start": datetime.date(last_year, 1, 1),
                "end": datetime.date(last_year, 12, 31),
            },
        )
        status = 200
    k = selectors.export_k(last_year)
    context = {
        "form": form,
        "k": k,
        "below": k - 1,
        "dashboard": access.can_view_statistics(request.user),
    }
    return render(request, "statistics/office/export.html", context, status=status)
