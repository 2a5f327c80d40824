"""Roles are groups carrying permissions, and the checks read those permissions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from reporting.permissions import (
    can_administer,
    can_translate,
    can_work_on_cases,
    documents_own_cases,
    handles_referrals,
)
from reporting.statistics.access import can_publish_statistics, can_view_statistics
from reporting.vocabulary.roles import ROLE_PERMISSIONS, Permission, Role

pytestmark = pytest.mark.django_db

CHECKS = {
    "work on cases": can_work_on_cases,
    "handle referrals": handles_referrals,
    "view statistics": can_view_statistics,
    "publish statistics": can_publish_statistics,
    "administer": can_administer,
    "translate": can_translate,
    "document own cases": documents_own_cases,
}
# What each role may do (partners and member caseworkers work for a member organisation).
ALLOWED = {
    Role.CASEWORKER: {"work on cases", "view statistics"},
    Role.PARTNER: {"handle referrals"},
    Role.STATISTICS: {"view statistics", "publish statistics"},
    Role.ADMINISTRATOR: {"work on cases", "administer"},
    Role.INTERPRETER: {"translate"},
    Role.MEMBER_CASEWORKER: {"document own cases"},
}
# Roles whose people work for a member organisation, not the association.
MEMBER_ROLES = {Role.PARTNER, Role.MEMBER_CASEWORKER}


def _fresh(user):
    """The user as the next request loads them (the checks cache per user object)."""
    return get_user_model().objects.select_related("staff__organisation").get(pk=user.pk)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_group_carries_exactly_its_permissions(role):
    held = set(
        Group.objects.get(name=role.value)
        .permissions.filter(content_type__app_label="reporting")
        .values_list("codename", flat=True)
    )
    assert held == {permission.value for permission in ROLE_PERMISSIONS[role]}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_may_do_what_its_permissions_say(role, make_staff, make_member):
    organisation = make_member("Beratung Rollen (fiktiv)") if role in MEMBER_ROLES else None
    user = _fresh(make_staff(role, organisation=organisation))
    assert {name for name, check in CHECKS.items() if check(user)} == ALLOWED[role]


def test_a_permission_taken_from_a_group_is_taken_from_its_members(make_staff):
    caseworker = make_staff(Role.CASEWORKER)
    assert can_view_statistics(_fresh(caseworker))
    Group.objects.get(name=Role.CASEWORKER).permissions.remove(
        *Group.objects.get(name=Role.CASEWORKER).permissions.filter(
            codename=Permission.READ_STATISTICS
        )
    )
    assert not can_view_statistics(_fresh(caseworker))
    assert can_work_on_cases(_fresh(caseworker))


def test_superuser_status_alone_allows_nothing(make_staff):
    user = make_staff(Role.STATISTICS)
    get_user_model().objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    assert {name for name, check in CHECKS.items() if check(_fresh(user))} == ALLOWED[
        Role.STATISTICS
    ]


def test_member_organisation_staff_never_work_on_cases_or_administer(make_staff, make_member):
    member = make_member("Beratung Mitglied (fiktiv)", partner=False)
    for role in (Role.CASEWORKER, Role.ADMINISTRATOR):
        user = _fresh(make_staff(role, organisation=member))
        assert not can_work_on_cases(user) and not can_administer(user)


def test_a_missing_role_group_is_made_with_its_permissions(make_staff):
    Group.objects.filter(name=Role.PARTNER).delete()
    user = _fresh(make_staff(Role.PARTNER))
    assert handles_referrals(user)
    assert set(
        Group.objects.get(name=Role.PARTNER).permissions.values_list("codename", flat=True)
    ) == {Permission.HANDLE_REFERRALS.value}


def test_a_member_caseworker_of_the_association_documents_nothing(make_staff):
    """The role alone is not enough: its people must work for a member organisation."""
    assert not documents_own_cases(_fresh(make_staff(Role.MEMBER_CASEWORKER)))
