"""Who a case may be assigned to."""

import pytest

from reporting.models import Organisation
from reporting.permissions import Role
from reporting.selectors.staff import assignable_caseworkers

pytestmark = pytest.mark.django_db


def test_active_association_caseworkers_once_each_by_name(make_staff):
    both = make_staff(Role.CASEWORKER, Role.ADMINISTRATOR)
    only = make_staff(Role.CASEWORKER)
    make_staff(Role.ADMINISTRATOR)
    make_staff(Role.STATISTICS)
    gone = make_staff(Role.CASEWORKER)
    gone.is_active = False
    gone.save()
    member = Organisation.objects.create(name="Beratung Nord (fiktiv)")
    make_staff(Role.CASEWORKER, organisation=member)
    assert list(assignable_caseworkers()) == sorted([both, only], key=lambda u: u.username)
