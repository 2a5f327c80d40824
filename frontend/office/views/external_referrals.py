"""A case passed on to a body outside the network, and the directory entry a partner
keeps for their own organisation. Without JavaScript: a mistake shows the form on a
page of its own with the input kept and the error beside it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from frontend.form_errors import form_add_domain_error
from frontend.office.decorators import caseworker_required, staff_verified
from frontend.office.directory_forms import ExternalReferralForm, OrganisationEntryForm
from reporting.permissions import keeps_directory_entry
from reporting.selectors.cases import visible_case
from reporting.services.organisations import organisation_entry_update
from reporting.services.referrals import external_referral_record
from reporting.vocabulary.errors import DomainError

SAVED = _("Your organisation's entry was saved.")


@caseworker_required
@require_POST
def external_referral(request, pk):
    case = visible_case(request.user, pk)
    if case is None:
        raise Http404
    form = ExternalReferralForm(request.POST)
    context = {"case": case, "case_url": reverse("office:case", args=[case.pk]), "form": form}
    if not form.is_valid():
        return render(request, "office/external_referral.html", context, status=400)
    data = form.cleaned_data
    try:
        external = external_referral_record(
            case=case,
            body_name=data["body_name"],
            referred_on=data["referred_on"],
            summary=data["summary"],
            actor=request.user,
        )
    except DomainError as error:
        form_add_domain_error(form, error)
        context["error"] = error.message
        return render(request, "office/external_referral.html", context, status=error.status)
    # Shown this once, from what was typed: the stored copy is sealed to the association.
    context.update(external=external, summary=data["summary"].strip())
    return render(request, "office/external_referral_handover.html", context)


@staff_verified
def organisation_entry(request):
    # Partners only, and only their own member organisation; anyone else gets a 404.
    if not keeps_directory_entry(request.user):
        raise Http404
    organisation = request.user.staff.organisation
    status = 200
    if request.method == "POST":
        form = OrganisationEntryForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                organisation_entry_update(
                    organisation=organisation, actor=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form_add_domain_error(form, error)
                status = error.status
            else:
                messages.success(request, SAVED)
                return redirect("office:organisation")
    else:
        form = OrganisationEntryForm(
            initial={
                "is_paused": organisation.is_paused,
                "opening_hours": organisation.opening_hours,
                "contact_persons": organisation.contact_persons,
            }
        )
    context = {"organisation": organisation, "form": form}
    return render(request, "office/organisation.html", context, status=status)
