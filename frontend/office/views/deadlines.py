"""The deadlines and the follow-up date of a case: the case page's panel posts here.

Without JavaScript: a change redirects back to the case page; a mistake shows the panel
on a page of its own with the input kept and the error beside it."""

from functools import partial

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontend.form_errors import form_add_domain_error
from frontend.office.deadline_forms import (
    DeadlineDateForm,
    DeadlineForm,
    DeadlineRecordForm,
    EmptyForm,
    FollowUpForm,
)
from frontend.office.decorators import caseworker_required
from reporting.selectors.cases import visible_case
from reporting.selectors.deadlines import deadline_of_case
from reporting.services import deadlines as services
from reporting.vocabulary.errors import DomainError, KeysLocked


def _deadline(case, data):
    deadline = deadline_of_case(case, data["deadline"])
    if deadline is None:
        raise Http404
    return deadline


ACTIONS = {
    "record": (
        DeadlineRecordForm,
        lambda case, user, d: services.deadline_record(
            case=case, actor=user, kind=d["kind"], starts_on=d["starts_on"]
        ),
    ),
    "pause": (
        partial(DeadlineDateForm, action="pause"),
        lambda case, user, d: services.deadline_pause(
            deadline=_deadline(case, d), actor=user, on=d["on"]
        ),
    ),
    "resume": (
        partial(DeadlineDateForm, action="resume"),
        lambda case, user, d: services.deadline_resume(
            deadline=_deadline(case, d), actor=user, on=d["on"]
        ),
    ),
    "close": (
        DeadlineForm,
        lambda case, user, d: services.deadline_close(deadline=_deadline(case, d), actor=user),
    ),
    "follow-up": (
        FollowUpForm,
        lambda case, user, d: services.follow_up_set(
            case=case, actor=user, due_on=d["due_on"], note=d["note"]
        ),
    ),
    "follow-up-clear": (
        EmptyForm,
        lambda case, user, d: services.follow_up_clear(case=case, actor=user),
    ),
}


@caseworker_required
@require_POST
def deadline_action(request, pk, action):
    case = visible_case(request.user, pk)
    if case is None or action not in ACTIONS:
        raise Http404
    form_class, perform = ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            perform(case, request.user, form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error, general=error.message)
            return _panel_page(request, case, action, form, status=error.status)
        return redirect(reverse("office:case", args=[case.pk]) + "#deadlines")
    return _panel_page(request, case, action, form, status=400)


def _panel_page(request, case, action, form, status):
    context = {
        "case": case,
        "case_url": reverse("office:case", args=[case.pk]),
        "deadline_forms": {action: form},
        "failed_deadline": form.data.get("deadline", ""),
        "problems": form.non_field_errors(),
    }
    try:
        return render(request, "office/deadlines_page.html", context, status=status)
    except KeysLocked as locked:
        return render(request, "office/locked.html", {"message": locked.message}, status=403)
