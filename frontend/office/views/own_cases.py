"""Issue 19: a member organisation's own case work. Its figures for its caseworkers,
and for the association's caseworkers the cases members shared with it (codes and the
shared summary, never the content)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.html import format_html

from frontend.office.decorators import association_caseworker_required, member_caseworker_required
from frontend.office.link_forms import CaseLinkForm
from reporting.models import Case
from reporting.selectors.links import linkable_by
from reporting.selectors.shares import own_case_figures, share_summary, shares_visible_to
from reporting.vocabulary.taxonomy import Area, Ground
from web.staff_session import session_keys

PAGE_SIZE = 50


@member_caseworker_required
def own_figures(request):
    organisation = request.user.staff.organisation
    context = {
        "organisation": organisation,
        # Isolated, so a Latin name keeps its parentheses in an Arabic sentence.
        "organisation_name": format_html("<bdi>{}</bdi>", organisation.name),
        "figures": own_case_figures(request.user),
    }
    return render(request, "office/own_figures.html", context)


@association_caseworker_required
def shared_cases(request):
    page = Paginator(shares_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    keys = session_keys(request)
    # The association's cases linked to each shared case (when it leads the incident).
    followers = {}
    for lead_id, number, version in (
        linkable_by(request.user)
        .filter(linked_to_id__in=[share.case_id for share in page.object_list])
        .values_list("linked_to_id", "pk", "version")
        .order_by("pk")
    ):
        followers.setdefault(lead_id, []).append({"pk": number, "version": version})
    # Which leads the association may open (its own; not another shared case).
    ours = set(
        Case.objects.visible_to(request.user)
        .filter(pk__in=[share.case.linked_to_id for share in page.object_list])
        .values_list("pk", flat=True)
    )
    rows = [
        {
            "share": share,
            "case": share.case,
            "grounds": [Ground(c).label for c in share.case.grounds if c in Ground.values],
            "areas": [Area(c).label for c in share.case.areas if c in Area.values],
            "summary": share_summary(share, keys),
            "followers": followers.get(share.case_id, []),
            "lead_is_ours": share.case.linked_to_id in ours,
            "link_form": CaseLinkForm(
                initial={"version": share.case.version}, auto_id=f"id_{share.case_id}_%s"
            ),
        }
        for share in page.object_list
    ]
    return render(request, "office/shared_cases.html", {"page": page, "rows": rows})
