"""The case page's panel of linked cases (frontend/templates/office/_case_links.html).

It reads its own data, so the case page includes it with one line; the page of a failed
change (frontend/office/views/links.py) passes the bound form with its errors."""

from django import template

from frontend.office.link_forms import CaseLinkForm
from reporting.selectors.links import case_links

register = template.Library()


@register.inclusion_tag("office/_case_links_panel.html", takes_context=True)
def case_links_panel(context) -> dict:
    case, request = context["case"], context["request"]
    failed = context.get("link_forms", {})
    links = case_links(case, request.user)
    return {
        "case": case,
        "case_url": context["case_url"],
        "cases_url": context["case_url"].removesuffix(f"{case.pk}/"),
        "csrf_token": context.get("csrf_token"),
        "links": links,
        "link_form": failed.get("link")
        or CaseLinkForm(initial={"version": case.version}, auto_id="id_link_%s"),
        "unlink_errors": failed["unlink"].non_field_errors() if "unlink" in failed else "",
    }
