"""compiled_query: a queryset's SQL is built once per database and arguments, then reused."""

import pytest

from reporting.compiled import compiled_query
from reporting.models import Organisation

pytestmark = pytest.mark.django_db


def test_sql_is_compiled_once_per_arguments_and_rows_stay_current(django_assert_num_queries):
    built = []

    @compiled_query(Organisation)
    def names_of_kind(kind):
        built.append(kind)
        return Organisation.objects.filter(kind=kind).order_by("name").values_list("name")

    assert names_of_kind(Organisation.Kind.MEMBER) == []
    Organisation.objects.create(name="Verein B", kind=Organisation.Kind.MEMBER)
    Organisation.objects.create(name="Verein A", kind=Organisation.Kind.MEMBER)
    with django_assert_num_queries(1):
        assert names_of_kind(Organisation.Kind.MEMBER) == [("Verein A",), ("Verein B",)]
    assert names_of_kind(Organisation.Kind.ASSOCIATION) == []
    assert built == [Organisation.Kind.MEMBER, Organisation.Kind.ASSOCIATION]


def test_by_id_binds_the_id_per_call_and_converts_values_as_the_orm_does(
    association_keyring, make_staff
):
    from reporting.compiled import compiled_query_by_id
    from reporting.models import Message
    from reporting.permissions import Role
    from reporting.services.cases import staff_message_send
    from reporting.services.reports import report_submit
    from tests.factories import submission

    caseworker = make_staff(Role.CASEWORKER)
    first, second = (report_submit(submission=submission()).report.case for _ in range(2))
    for case, count in ((first, 2), (second, 1)):
        for index in range(count):
            staff_message_send(case=case, actor=caseworker, body=f"Nachricht {index}")
    built = []

    @compiled_query_by_id(Message)
    def messages_of_case(case_id):
        built.append(case_id)
        return Message.objects.filter(case_id=case_id).values_list(
            "id", "author__username", "created_at", "body"
        )

    for case in (first, second, first):
        orm = list(
            Message.objects.filter(case=case).values_list(
                "id", "author__username", "created_at", "body"
            )
        )
        rows = messages_of_case(case.pk)
        assert [row[:3] for row in rows] == [row[:3] for row in orm]  # UUIDs, aware datetimes
        assert [bytes(row[3]) for row in rows] == [bytes(row[3]) for row in orm]
    assert len(built) == 1  # compiled once, with the marker


def test_by_id_refuses_a_query_the_id_does_not_reach():
    from reporting.compiled import compiled_query_by_id

    @compiled_query_by_id(Organisation)
    def everything(_pk):
        return Organisation.objects.values_list("name")

    with pytest.raises(ValueError, match="not a parameter"):
        everything(1)
