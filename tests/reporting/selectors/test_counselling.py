"""Which counselling services a reporter is shown, by the district they chose."""

import pytest

from reporting.models import CounsellingService
from reporting.selectors.counselling import counselling_services_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    def make(name, districts, active=True):
        return CounsellingService.objects.create(
            name=name, help_with="Beratung.", districts=districts, is_active=active
        )

    return {
        "dresden": make("Dresden (fiktiv)", ["14612", "14625"]),
        "leipzig": make("Leipzig (fiktiv)", ["14713"]),
        "saxony": make("Ganz Sachsen (fiktiv)", []),
        "closed": make("Geschlossen (fiktiv)", ["14612"], active=False),
    }


def names(found) -> set[str]:
    return {service.name for service in found}


def test_a_district_gets_its_own_services_and_those_for_all_of_saxony(services):
    assert names(counselling_services_for("14612")) == {"Dresden (fiktiv)", "Ganz Sachsen (fiktiv)"}
    assert names(counselling_services_for("14625")) == {"Dresden (fiktiv)", "Ganz Sachsen (fiktiv)"}
    assert names(counselling_services_for("14511")) == {"Ganz Sachsen (fiktiv)"}


@pytest.mark.parametrize("district", ["", "ONLINE", "OUTSIDE_SAXONY", "UNKNOWN"])
def test_without_a_saxon_district_every_active_service_is_shown(services, district):
    assert names(counselling_services_for(district)) == {
        "Dresden (fiktiv)",
        "Leipzig (fiktiv)",
        "Ganz Sachsen (fiktiv)",
    }


def test_phone_numbers_become_dialable_links():
    service = CounsellingService(name="x", help_with="y", phone="+49 (351) 000-001")
    assert service.phone_link == "+49351000001"
