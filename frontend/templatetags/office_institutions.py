"""The case page's institution panel (frontend/templates/office/_institution.html).

It reads its own data, so the case page includes it with one line. Showing the panel is
a match query: when the case names an institution recorded with the matching key, the
query is audited (reporting.services.institutions.institution_match_check)."""

from django import template

from frontend.office.institution_forms import InstitutionForm
from reporting.selectors.institutions import institution_mentions_of_case, session_matching_key
from reporting.services.institutions import institution_match_check
from reporting.vocabulary.taxonomy import District
from web.staff_session import session_keys

register = template.Library()


@register.inclusion_tag("office/_institution_panel.html", takes_context=True)
def institution_panel(context) -> dict:
    case, request = context["case"], context["request"]
    keys = session_keys(request)
    rows = institution_mentions_of_case(case, keys)
    matches = (
        institution_match_check(case=case, actor=request.user)
        if any(row.matchable for row in rows)
        else {}
    )
    district = case.district if case.district in District.values else District.UNKNOWN
    return {
        "case": case,
        "case_url": context["case_url"],
        "csrf_token": context.get("csrf_token"),
        "rows": [(row, matches.get(row.mention.pk)) for row in rows],
        "matching_available": session_matching_key(keys) is not None,
        "form": context.get("institution_form")
        or InstitutionForm(initial={"district": district}, auto_id="id_institution_%s"),
    }
