"""Being found: which public pages search engines may index, robots.txt, sitemap.xml
and the favicon.

Every page answers `X-Robots-Tag: noindex, nofollow` (frontend.middleware) unless its
view is marked `@indexable`: the pages that explain the service and the published
statistics. The form, its results, the receipt and everything after a receipt login
stay out of search engines.
"""

import functools

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from frontend.languages import hreflang
from reporting.selectors.statistics import published_reports

# URL names of the indexable pages without arguments; published statistics are added.
INDEXABLE_PAGES = [
    "frontend:landing",
    "frontend:help",
    "frontend:impressum",
    "frontend:privacy",
    "statistics:list",
]


def indexable(view):
    """Let search engines index the page (the middleware then sends no noindex) and give
    it a canonical address and its alternates in every language."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.indexable = True
        return view(request, *args, **kwargs)

    return wrapped


def absolute(path: str) -> str:
    """The address search engines should use; never the request's Host header."""
    return settings.SITE_URL.rstrip("/") + path


@require_safe
def favicon_ico(request):
    """Browsers and crawlers that ignore <link rel="icon"> ask here. Resolved per request:
    the hashed name exists only once the static files are collected."""
    return HttpResponsePermanentRedirect(static("frontend/favicon.svg"))


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /*/office/",
        "Allow: /",
        f"Sitemap: {absolute(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _indexable_locations() -> list[tuple[str, dict]]:
    latest_editions = {}
    for report in published_reports().only("year", "edition"):
        latest_editions.setdefault(report.year, report.edition)
    return [(name, {}) for name in INDEXABLE_PAGES] + [
        ("statistics:detail", {"year": year, "edition": edition})
        for year, edition in latest_editions.items()
    ]


@require_safe
def sitemap_xml(request):
    """One <url> per page and language, each naming its versions in every language that
    has an hreflang; a variant without one (Leichte Sprache) stands alone."""
    codes = [code for code, _name in settings.LANGUAGES]
    pages = []
    for name, kwargs in _indexable_locations():
        versions = {}
        for code in codes:
            with translation.override(code):
                versions[code] = absolute(reverse(name, kwargs=kwargs))
        alternates = [(hreflang(code), versions[code]) for code in codes if hreflang(code)]
        alternates.append(("x-default", versions[settings.LANGUAGE_CODE]))
        pages += [
            {"location": versions[code], "alternates": alternates if hreflang(code) else []}
            for code in codes
        ]
    xml = render_to_string("frontend/sitemap.xml", {"pages": pages})
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")
