"""The case page's panel of linked cases posts here (reporting/services/links.py).

Without JavaScript: a change redirects back to the case page with a confirmation; a
mistake shows the panel on a page of its own with the input kept and the error beside it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from frontend.form_errors import form_add_domain_error
from frontend.office.decorators import association_caseworker_required, caseworker_required
from frontend.office.link_forms import CaseLinkForm, CaseUnlinkForm
from reporting.models import Case, CaseLink
from reporting.selectors.cases import visible_case
from reporting.selectors.links import linkable_by
from reporting.selectors.shares import shares_visible_to
from reporting.services.links import LeadNotVisible, case_link, case_unlink
from reporting.vocabulary.errors import DomainError

LINKED = {
    CaseLink.SAME_INCIDENT: _(
        "Linked: case #%(case)s is about the same incident as case #%(lead)s."
    ),
    CaseLink.DUPLICATE: _("Marked: case #%(case)s is a duplicate of case #%(lead)s."),
}
UNLINKED = _("The link of case #%(case)s was removed: it counts as a report of its own again.")


def _link(request, case, form):
    lead = Case.objects.filter(pk=form.cleaned_data["lead"]).first()
    if lead is None:
        raise LeadNotVisible  # the service says the same of a case the user may not see
    kind = form.cleaned_data["kind"]
    target = case_link(
        case=case,
        lead=lead,
        kind=kind,
        actor=request.user,
        expected_version=form.cleaned_data["version"],
    )
    return LINKED[kind] % {"case": case.pk, "lead": target.pk}


def _unlink(request, case, form):
    """This case's own link, or that of a case linked to it (listed in its panel)."""
    number = form.cleaned_data["case"]
    # A case linked to this one may be a member organisation's, shared with the association.
    linked = case if number == case.pk else linkable_by(request.user).filter(pk=number).first()
    if linked is None or (linked is not case and linked.linked_to_id != case.pk):
        raise Http404
    case_unlink(case=linked, actor=request.user, expected_version=form.cleaned_data["version"])
    return UNLINKED % {"case": linked.pk}


ACTIONS = {"link": (CaseLinkForm, _link), "unlink": (CaseUnlinkForm, _unlink)}


@caseworker_required
@require_POST
def case_link_action(request, pk, action):
    case = visible_case(request.user, pk)
    if case is None or action not in ACTIONS:
        raise Http404
    form_class, perform = ACTIONS[action]
    form = form_class(request.POST, auto_id=f"id_{action}_%s")
    if form.is_valid():
        try:
            confirmation = perform(request, case, form)
        except DomainError as error:
            form_add_domain_error(form, error, general=error.message)
            return _panel_page(request, case, action, form, status=error.status)
        messages.success(request, confirmation)
        return redirect(reverse("office:case", args=[case.pk]) + "#links")
    return _panel_page(request, case, action, form, status=400)


def _panel_page(request, case, action, form, status):
    context = {
        "case": case,
        "case_url": reverse("office:case", args=[case.pk]),
        "link_forms": {action: form},
    }
    return render(request, "office/case_links_page.html", context, status=status)


@association_caseworker_required
@require_POST
def shared_case_link_action(request, pk, action):
    """The list of shared cases links a member organisation's shared case to one of the
    association's (or removes that link). A mistake shows above the list: the input is
    a case number and a choice, quickly given again."""
    share = shares_visible_to(request.user).filter(case_id=pk).first()
    if share is None or action not in ACTIONS:
        raise Http404
    form_class, perform = ACTIONS[action]
    form = form_class(request.POST)
    back = reverse("office:shared_cases") + f"#shared-{pk}"
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect(back)
    try:
        messages.success(request, perform(request, share.case, form))
    except DomainError as error:
        for problems in (error.fields or {None: [error.message]}).values():
            for problem in problems:
                messages.error(request, problem)
    return redirect(back)
