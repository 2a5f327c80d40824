from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from config.health import health
from frontend.seo import favicon_ico, robots_txt, sitemap_xml
from frontend.statistics.urls import office_urlpatterns, public_urlpatterns
from web.admin_site import OfficeLoginAdminSite

# The admin, too, needs the second factor; it logs in, out and changes passwords
# through the back office (web/admin_site.py).
admin.site.__class__ = OfficeLoginAdminSite

urlpatterns = [
    path("healthz", health, name="health"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("favicon.ico", favicon_ico),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    # The back office speaks standard German, not Leichte Sprache (docs/decisions.md).
    re_path(
        r"^de-ls/office/(?P<rest>.*)$",
        RedirectView.as_view(url="/de/office/%(rest)s", query_string=True),
    ),
]
urlpatterns += i18n_patterns(
    path("office/statistics/", include((office_urlpatterns, "office_statistics"))),
    path("statistics/", include((public_urlpatterns, "statistics"))),
    path("office/", include("frontend.office.urls")),
    path("", include("frontend.public.urls")),
    prefix_default_language=True,
)

handler400 = "config.error_handlers.bad_request"
handler403 = "config.error_handlers.forbidden"
handler404 = "config.error_handlers.not_found"
handler500 = "config.error_handlers.server_error"
