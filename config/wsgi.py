import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from web.readiness import (  # noqa: E402
    refuse_to_serve_with_changed_receipt_settings,
    refuse_to_serve_without_keys,
)

refuse_to_serve_without_keys()
refuse_to_serve_with_changed_receipt_settings()
