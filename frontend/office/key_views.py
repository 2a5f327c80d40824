"""Administrators grant the organisation keys they hold to other staff (DESIGN §5)."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from frontend.office.decorators import staff_verified
from reporting.models import OrganisationKey
from reporting.permissions import can_grant_keys
from reporting.services.staff_keys import key_grant
from reporting.staff_session import session_keys


def _held_keys(request) -> dict[str, object]:
    """key id (hex) -> private key, for the keys unlocked in this session."""
    return {k.public_key().key_id.hex(): k for k in session_keys(request)}


@staff_verified
@require_http_methods(["GET", "POST"])
def key_grants(request):
    if not can_grant_keys(request.user):
        raise Http404
    held = _held_keys(request)
    keys = OrganisationKey.objects.filter(key_id__in=held, is_active=True).select_related(
        "organisation"
    )
    if request.method == "POST":
        key = get_object_or_404(keys, pk=request.POST.get("key"))
        user = get_object_or_404(
            get_user_model().objects.filter(key__isnull=False, is_active=True),
            pk=request.POST.get("user"),
        )
        key_grant(
            organisation_key=key, private_key=held[key.key_id], user=user, granted_by=request.user
        )
        return redirect("office:keys")
    rows = []
    for key in keys:
        staff = (
            get_user_model()
            .objects.filter(key__isnull=False, is_active=True, staff__organisation=key.organisation)
            .exclude(key_grants__organisation_key=key)
            .order_by("username")
        )
        rows.append({"key": key, "without_grant": staff})
    return render(request, "office/keys.html", {"rows": rows})
