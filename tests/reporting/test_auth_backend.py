"""The staff backend loads profile, organisation and roles with the user, in one query."""

import pytest
from django.contrib.auth.models import Group

from reporting.auth_backend import StaffModelBackend
from reporting.permissions import Role, can_work_on_cases, has_role

pytestmark = pytest.mark.django_db


def test_one_query_gives_user_organisation_and_roles(make_staff, django_assert_num_queries):
    user = make_staff(Role.CASEWORKER, Role.STATISTICS)
    with django_assert_num_queries(1):
        loaded = StaffModelBackend().get_user(user.pk)
        assert has_role(loaded, Role.CASEWORKER) and has_role(loaded, Role.STATISTICS)
        assert not has_role(loaded, Role.ADMINISTRATOR, Role.PARTNER)
        assert can_work_on_cases(loaded)


def test_a_user_without_roles_has_none(make_staff, django_assert_num_queries):
    user = make_staff()
    with django_assert_num_queries(1):
        assert not has_role(StaffModelBackend().get_user(user.pk), *Role)


def test_a_group_whose_name_holds_a_role_grants_nothing(make_staff):
    user = make_staff()
    user.groups.add(Group.objects.create(name=f"x,{Role.CASEWORKER.value}"))
    assert not has_role(StaffModelBackend().get_user(user.pk), Role.CASEWORKER)


def test_a_role_taken_away_counts_from_the_next_request(make_staff):
    user = make_staff(Role.CASEWORKER)
    assert has_role(StaffModelBackend().get_user(user.pk), Role.CASEWORKER)
    user.groups.clear()
    assert not has_role(StaffModelBackend().get_user(user.pk), Role.CASEWORKER)


def test_an_inactive_or_unknown_user_is_nobody(make_staff):
    user = make_staff(Role.CASEWORKER)
    user.is_active = False
    user.save()
    assert StaffModelBackend().get_user(user.pk) is None
    assert StaffModelBackend().get_user(10**9) is None
