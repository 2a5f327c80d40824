"""Which counselling services to show a reporter."""

from django.db.models import Q

from reporting.models import CounsellingService
from reporting.vocabulary.taxonomy import SAXON_DISTRICTS


def counselling_services_for(district: str = "") -> list[CounsellingService]:
    """Active services for a district of Saxony: those serving it and those serving all
    of Saxony. Without a Saxon district (none chosen, online, elsewhere): every active
    service, so that nobody is left without an address."""
    services = CounsellingService.objects.filter(is_active=True)
    if district in SAXON_DISTRICTS:
        services = services.filter(Q(districts__has=district) | Q(districts=[]))
    return list(services)
