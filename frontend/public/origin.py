"""Cross-site protection for public POSTs without a CSRF cookie (DESIGN §6).

Public pages set no cookie, so Django's CSRF token cannot be used. Browsers
tell us where a POST comes from: `Sec-Fetch-Site` (all current browsers) or
`Origin`. A POST that says it comes from another site is refused; one that
says nothing (very old browsers, non-browser clients) cannot have been forged
by a modern browser and is let through. `Origin: null` alone counts as saying
nothing: old Safari sends it for same-origin posts under our no-referrer policy.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

ALLOWED_FETCH_SITES = {"same-origin", "none"}


def is_cross_site(request) -> bool:
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site:
        return fetch_site not in ALLOWED_FETCH_SITES
    origin = request.META.get("HTTP_ORIGIN")
    # Browsers without Sec-Fetch-Site send "Origin: null" for our own forms because of
    # Referrer-Policy: no-referrer; refusing it would lock out old phones.
    if origin and origin != "null":
        parts = urlsplit(origin)
        return parts.netloc != request.get_host() or parts.scheme != request.scheme
    return False


def same_origin_post(view):
    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and is_cross_site(request):
            return render(request, "frontend/cross_site.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped
