from functools import wraps

from django.http import Http404
from django.shortcuts import redirect

from reporting.permissions import (
    can_view_referrals,
    can_work_on_cases,
    documents_own_cases,
    works_on_cases,
)


def staff_verified(view):
    """Password and second factor both passed; otherwise back to the login."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_verified() and hasattr(user, "staff")):
            return redirect("office:login")
        request.no_store = True
        return view(request, *args, **kwargs)

    return wrapped


def _required(predicate):
    def decorator(view):
        @staff_verified
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Case pages: the association's caseworkers and member caseworkers (each sees the cases
# `Case.objects.visible_to` gives them); anyone else gets a 404, never a hint that the
# page exists.
caseworker_required = _required(works_on_cases)
# Pages of the association's case work only (what members share with it).
association_caseworker_required = _required(can_work_on_cases)
# Pages of a member organisation's own case work only (its figures).
member_caseworker_required = _required(documents_own_cases)


def referral_viewer_required(view):
    """Referral pages: partners (their organisation's) and association caseworkers."""

    @staff_verified
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_view_referrals(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
