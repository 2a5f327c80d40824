"""Institutions named on a case: the case page's panel posts here (issue 19).

Without JavaScript: a change redirects back to the case page, where the panel shows the
match; a mistake shows the panel on a page of its own with the input kept."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontend.office.decorators import caseworker_required
from frontend.office.institution_forms import InstitutionForm, MentionForm
from reporting.selectors.cases import visible_case
from reporting.selectors.institutions import mention_of_case, session_matching_key
from reporting.services import institutions as services
from reporting.vocabulary.errors import DomainError, KeysLocked
from web.staff_session import session_keys


@caseworker_required
@require_POST
def institution_action(request, pk, action):
    case = visible_case(request.user, pk)
    if case is None or action not in ("record", "remove"):
        raise Http404
    if action == "remove":
        form = MentionForm(request.POST)
        mention = mention_of_case(case, form.cleaned_data["mention"]) if form.is_valid() else None
        if mention is None:
            raise Http404
        services.institution_mention_remove(mention=mention, actor=request.user)
        return _back(case)
    form = InstitutionForm(request.POST, auto_id="id_institution_%s")
    if not form.is_valid():
        return _panel_page(request, case, form, status=400)
    try:
        services.institution_mention_record(
            case=case,
            actor=request.user,
            name=form.cleaned_data["name"],
            district=form.cleaned_data["district"],
            matching_key=session_matching_key(session_keys(request)),
        )
    except DomainError as error:
        for field, messages in (error.fields or {None: [error.message]}).items():
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
        return _panel_page(request, case, form, status=error.status)
    return _back(case)


def _back(case):
    return redirect(reverse("office:case", args=[case.pk]) + "#institutions")


def _panel_page(request, case, form, status):
    context = {
        "case": case,
        "case_url": reverse("office:case", args=[case.pk]),
        "institution_form": form,
    }
    try:
        return render(request, "office/institution_page.html", context, status=status)
    except KeysLocked as locked:
        return render(request, "office/locked.html", {"message": locked.message}, status=403)
