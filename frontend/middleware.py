from django.utils.cache import add_never_cache_headers

from frontend.languages import html_lang

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
        "browsing-topics",
    )
)


def is_staff_path(path: str) -> bool:
    """Admin, the staff API and /<lang>/office/…; not the public pages or public API."""
    parts = path.strip("/").split("/")
    if parts[0] == "admin":
        return True
    if parts[0] == "api":
        return parts[1:3] != ["v1", "public"]
    return len(parts) > 1 and parts[1] == "office"


class PrivacyHeadersMiddleware:
    """Headers every response carries, beyond Django's SecurityMiddleware and django-csp."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if "Content-Language" in response:  # set by LocaleMiddleware, inside this one
            response["Content-Language"] = html_lang(response["Content-Language"])
        if not getattr(request, "indexable", False):  # frontend.seo.indexable
            response.setdefault("X-Robots-Tag", "noindex, nofollow")
        if is_staff_path(request.path):
            # Staff forms rely on Django's CSRF Origin check, and under no-referrer
            # browsers send "Origin: null". Same-origin still sends nothing to other sites.
            response["Referrer-Policy"] = "same-origin"
        if getattr(request, "no_store", False):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, max-age=0"
        return response
