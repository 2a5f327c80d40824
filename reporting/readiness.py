"""Start-up check for production servers."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


def refuse_to_serve_without_keys() -> None:
    """Production never accepts reports it could not seal."""
    if settings.DEBUG:
        return
    from reporting.selectors.keys import NoAssociationKey, association_public_keys

    try:
        association_public_keys()
    except (NoAssociationKey, DatabaseError) as exc:
        raise ImproperlyConfigured(
            "No active association key: run `manage.py migrate` and `manage.py keys init` first."
        ) from exc
