"""The case page's institution panel (frontend/templates/office/_institution.html).

It reads its own data, so the case page includes it with one line. Showing the panel is
a match query: when the case names an institution with a keyed hash, the query is
audited, and a session holding the matching key first hashes the names recorded without
it (reporting.services.institutions.case_institutions_read)."""

from django import template

from frontend.office.institution_forms import InstitutionForm
from reporting.services.institutions import case_institutions_read
from reporting.vocabulary.taxonomy import District
from web.staff_session import session_keys

register = template.Library()


@register.inclusion_tag("office/_institution_panel.html", takes_context=True)
def institution_panel(context) -> dict:
    case, request = context["case"], context["request"]
    read = case_institutions_read(case=case, keys=session_keys(request), actor=request.user)
    district = case.district if case.district in District.values else District.UNKNOWN
    return {
        "case": case,
        "case_url": context["case_url"],
        "csrf_token": context.get("csrf_token"),
        "rows": [(row, read.matches.get(row.mention.pk)) for row in read.rows],
        "matching_available": read.matching_available,
        "form": context.get("institution_form")
        or InstitutionForm(initial={"district": district}, auto_id="id_institution_%s"),
    }
