import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from reporting.readiness import refuse_to_serve_without_keys  # noqa: E402

refuse_to_serve_without_keys()
