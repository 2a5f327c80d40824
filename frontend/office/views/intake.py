"""Intake: a caseworker records a report taken by phone, in person, by letter, …"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from frontend.form_errors import form_add_domain_error
from frontend.office.decorators import caseworker_required
from frontend.office.forms import IntakeForm
from reporting.crypto import format_receipt_code
from reporting.permissions import documents_own_cases
from reporting.services.attachments import attachments_prepare
from reporting.services.reports import report_intake
from reporting.vocabulary.errors import DomainError

RECORDED = _("The report is recorded as case %(number)s.")


@caseworker_required
def intake(request):
    # Unlike the public form, not rate-limited: staff record what they were told.
    form = IntakeForm(
        request.POST or None,
        request.FILES or None,
        language=get_language(),
        own_case=documents_own_cases(request.user),
    )
    if request.method != "POST" or not form.is_valid():
        return render(request, "office/intake.html", {"form": form}, status=_status(request))
    try:
        prepared = attachments_prepare(form.cleaned_data["attachments"], audio=True)
        submitted = report_intake(
            submission=form.to_submission(),
            channel=form.cleaned_data["channel"],
            actor=request.user,
            receipt=form.cleaned_data["receipt"],
            attachments=prepared,
            # A member caseworker records their own organisation's case: from who they
            # are, never from the form.
            member_organisation=request.user.staff.organisation
            if documents_own_cases(request.user)
            else None,
        )
    except DomainError as error:
        form_add_domain_error(form, error, general=error.message)
        return render(request, "office/intake.html", {"form": form}, status=error.status)
    case = submitted.report.case
    if not submitted.receipt_code:
        messages.success(request, RECORDED % {"number": case.pk})
        return redirect("office:case", pk=case.pk)
    # The only time the code exists outside the person's hands: this response, not stored
    # (the office sends no-store, so Back does not show it again either).
    context = {
        "case": case,
        "code_groups": format_receipt_code(submitted.receipt_code).split(" "),
        "receipt_url": request.build_absolute_uri(reverse("frontend:receipt_login")),
    }
    return render(request, "office/intake_receipt.html", context)


def _status(request) -> int:
    return 400 if request.method == "POST" else 200
