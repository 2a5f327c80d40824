"""Who a case may be assigned to."""

import pytest

from reporting.models import Organisation
from reporting.selectors.staff import assignable_caseworkers
from reporting.vocabulary.roles import Role

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


def test_the_assignee_select_lists_them_and_refuses_anyone_else(make_staff):
    from frontend.office.forms import AssignForm, InboxFilterForm

    first = make_staff(Role.CASEWORKER)
    second = make_staff(Role.CASEWORKER)
    board = make_staff(Role.STATISTICS)
    expected = [(u.pk, u.username) for u in sorted([first, second], key=lambda u: u.username)]

    for form_class in (AssignForm, InboxFilterForm):
        form = form_class(initial={"assignee": second})
        assert list(form.fields["assignee"].choices) == [("", "—"), *expected]
        html = str(form["assignee"])
        assert f'<option value="{second.pk}" selected>{second.username}</option>' in html
        assert board.username not in html

    assert AssignForm({"version": 1, "assignee": first.pk}).is_valid()
    refused = AssignForm({"version": 1, "assignee": board.pk})
    assert not refused.is_valid() and "assignee" in refused.errors
