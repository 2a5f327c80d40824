"""Referral pages: the partner's list and detail, and the steps a partner takes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from frontend.form_errors import form_add_domain_error
from frontend.office.decorators import referral_viewer_required
from frontend.office.forms import ReferralStepForm
from reporting.models import Referral
from reporting.permissions import handles_referrals
from reporting.selectors.referrals import referral_case_facts, referral_detail
from reporting.services.referrals import referral_step
from reporting.vocabulary.errors import DomainError, KeysLocked
from web.staff_session import session_keys

# The confirmation after each step a partner takes (keys: ReferralStepForm's `status`).
STEP_DONE = {
    Referral.Status.ACCEPTED: _("You accepted the referral. The association can see this."),
    Referral.Status.DECLINED: _("You declined. The case goes back to the association."),
    "": _("Your update was sent to the association."),
    Referral.Status.CLOSED: _("You closed the referral with an outcome. Thank you."),
}


@referral_viewer_required
def referral_list(request):
    referrals = Referral.objects.visible_to(request.user).select_related("organisation", "case")
    return render(request, "office/referrals.html", {"referrals": referrals[:200]})


def _render_referral(request, referral, form=None, error=None, status=200):
    try:
        detail = referral_detail(referral, session_keys(request))
    except KeysLocked as locked:
        return render(request, "office/locked.html", {"message": locked.message}, status=403)
    context = {
        "detail": detail,
        "facts": referral_case_facts(referral),
        "referral": referral,
        "form": form or ReferralStepForm(referral_status=referral.status),
        "is_partner": handles_referrals(request.user),
        "error": error,
    }
    return render(request, "office/referral.html", context, status=status)


def _referral_or_404(request, pk) -> Referral:
    return get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("organisation", "case"), pk=pk
    )


@referral_viewer_required
def referral_page(request, pk):
    return _render_referral(request, _referral_or_404(request, pk))


@referral_viewer_required
@require_POST
def referral_step_view(request, pk):
    referral = _referral_or_404(request, pk)
    form = ReferralStepForm(request.POST, referral_status=referral.status)
    if not handles_referrals(request.user):
        return _render_referral(request, referral, form, status=404)
    if form.is_valid():
        data = form.cleaned_data
        try:
            referral_step(
                referral=referral,
                actor=request.user,
                status=data["status"] or None,
                text=data["text"],
                outcome=data["outcome"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
            referral.refresh_from_db()
            return _render_referral(
                request, referral, form, error=error.message, status=error.status
            )
        messages.success(request, STEP_DONE[data["status"]])
        return redirect("office:referral", pk=referral.pk)
    return _render_referral(request, referral, form, status=400)
