from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from frontend.languages import hreflang, html_lang


def languages(request):
    """Links to the current page in every public language (no cookie needed).

    A callable, which templates call when they use it: the back office never does,
    and resolving eleven URLs costs a few milliseconds per page.
    """

    def links():
        current = get_language()
        return [
            {
                "code": code,
                "name": name,
                "url": translate_url(request.path, code),
                "current": code == current,
                "bidi": get_language_info(code)["bidi"],
                "lang": html_lang(code),
                "hreflang": hreflang(code),
            }
            for code, name in settings.LANGUAGES
        ]

    current = get_language()
    return {
        "language_links": links,
        "html_lang": html_lang(current),
        # A page without hreflang of its own names no alternates: they must be mutual.
        "has_alternates": hreflang(current) is not None,
        "translation_reviewed": current in settings.REVIEWED_LANGUAGES,
    }


def site(request):
    """Who runs the service (settings.OPERATOR) for the footer and the legal pages, and
    where the quick exit leads; the site's public address for canonical links."""
    return {
        "operator": settings.OPERATOR,
        "response_days": settings.RESPONSE_DAYS,
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "site_url": settings.SITE_URL.rstrip("/"),
        "default_language": settings.LANGUAGE_CODE,
        "agg_claim_months": settings.AGG_CLAIM_MONTHS,
    }
