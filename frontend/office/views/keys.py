"""Administrators grant the organisation keys they hold to other staff (DESIGN §5)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from frontend.office.decorators import staff_verified
from frontend.office.forms import KeyGrantForm, grantable_staff
from reporting.models import OrganisationKey
from reporting.permissions import can_administer
from reporting.selectors.institutions import keys_without_matching_grant, session_matching_key
from reporting.services.institutions import MatchingKeyUnavailable, matching_key_grants_write
from reporting.services.staff_keys import key_grant
from web.staff_session import session_keys


def _held_keys(request) -> dict[str, object]:
    """key id (hex) -> private key, for the keys unlocked in this session."""
    return {k.public_key().key_id.hex(): k for k in session_keys(request)}


@staff_verified
@require_http_methods(["GET", "HEAD", "POST"])
def key_grants(request):
    if not can_administer(request.user):
        raise Http404
    held = _held_keys(request)
    keys = OrganisationKey.objects.filter(key_id__in=held, is_active=True).select_related(
        "organisation"
    )
    if request.method == "POST" and "matching" in request.POST:
        # The institution matching key, to every organisation key still without it.
        try:
            matching_key_grants_write(keys=session_keys(request), actor=request.user)
        except MatchingKeyUnavailable:
            raise Http404 from None
        return redirect("office:keys")
    if request.method == "POST":
        # Only what the page offers: a held key, and staff of that key's organisation.
        form = KeyGrantForm(request.POST, keys=keys)
        if not form.is_valid():
            raise Http404
        key, user = form.cleaned_data["key"], form.cleaned_data["user"]
        key_grant(
            organisation_key=key, private_key=held[key.key_id], user=user, granted_by=request.user
        )
        return redirect("office:keys")
    rows = [
        {
            "key": key,
            "without_grant": grantable_staff(key)
            .exclude(key_grants__organisation_key=key)
            .order_by("username"),
        }
        for key in keys
    ]
    context = {
        "rows": rows,
        "matching_held": session_matching_key(session_keys(request)) is not None,
        "matching_missing": keys_without_matching_grant(),
    }
    return render(request, "office/keys.html", context)
