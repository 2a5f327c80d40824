"""compiled_query*: a queryset's SQL is built once per database and arguments, then reused."""

import uuid

import pytest

from performance.compiled import compiled_query
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


def test_by_key_binds_the_id_per_call_and_converts_values_as_the_orm_does(
    association_keyring, make_staff
):
    from performance.compiled import compiled_query_by_key
    from reporting.models import Message
    from reporting.services.cases import staff_message_send
    from reporting.services.reports import report_submit
    from reporting.vocabulary.roles import Role
    from tests.factories import submission

    caseworker = make_staff(Role.CASEWORKER)
    first, second = (report_submit(submission=submission()).report.case for _ in range(2))
    for case, count in ((first, 2), (second, 1)):
        for index in range(count):
            staff_message_send(case=case, actor=caseworker, body=f"Nachricht {index}")
    built = []

    @compiled_query_by_key(Message)
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


def test_by_key_refuses_a_query_the_key_does_not_reach():
    from performance.compiled import compiled_query_by_key

    @compiled_query_by_key(Organisation)
    def everything(_pk):
        return Organisation.objects.values_list("name")

    with pytest.raises(ValueError, match="not a parameter"):
        everything(1)


def test_instances_carry_their_select_related_rows_like_the_orm(
    association_keyring, make_staff, django_assert_num_queries
):
    from performance.compiled import compiled_instances_by_key
    from reporting.models import Case
    from reporting.services.cases import case_assign
    from reporting.services.reports import report_submit
    from reporting.vocabulary.roles import Role
    from tests.factories import submission

    caseworker = make_staff(Role.CASEWORKER)
    assigned, unassigned = (report_submit(submission=submission()).report.case for _ in range(2))
    case_assign(case=assigned, actor=caseworker, assignee=caseworker, expected_version=1)

    @compiled_instances_by_key(Case)
    def case_with_relations(case_id):
        return Case.objects.select_related("report", "assignee__staff").filter(pk=case_id)

    for case in (assigned, unassigned, assigned):
        orm = Case.objects.select_related("report", "assignee__staff").get(pk=case.pk)
        with django_assert_num_queries(1):
            (compiled,) = case_with_relations(case.pk)
            assert compiled.report.content == orm.report.content  # bytes, as the ORM gives them
            assert compiled.report.created_on == orm.report.created_on
            assert compiled.assignee == orm.assignee
            if orm.assignee:
                assert compiled.assignee.staff.organisation_id == orm.assignee.staff.organisation_id
        assert [(f.attname, getattr(compiled, f.attname)) for f in Case._meta.concrete_fields] == [
            (f.attname, getattr(orm, f.attname)) for f in Case._meta.concrete_fields
        ]
        assert compiled._state.adding is False and compiled._state.db == orm._state.db
    compiled.status = "IN_REVIEW"
    compiled.save(update_fields=["status"])  # an instance like any other
    assert Case.objects.get(pk=compiled.pk).status == "IN_REVIEW"


def test_keys_are_strings_or_integers_in_the_databases_range(db, django_assert_num_queries):
    from performance.compiled import compiled_instances_by_key

    Organisation.objects.create(name="Verein A", kind=Organisation.Kind.MEMBER)

    @compiled_instances_by_key(Organisation)
    def by_name(name):
        return Organisation.objects.filter(name=name)

    @compiled_instances_by_key(Organisation)
    def by_id(pk):
        return Organisation.objects.filter(pk=pk)

    assert [o.name for o in by_name("Verein A")] == ["Verein A"]
    assert by_name("Verein B") == []
    with django_assert_num_queries(0):
        assert by_id(2**63) == [] and by_id(-(2**64)) == []  # no row can have it
    with pytest.raises(TypeError):
        by_id(1.0)
    with pytest.raises(ValueError, match="model instances"):

        @compiled_instances_by_key(Organisation)
        def names(pk):
            return Organisation.objects.filter(pk=pk).values_list("name")

        names(1)


def _field_values(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def test_compiled_insert_stores_the_row_the_orm_would_store(
    association_keyring, django_assert_num_queries
):
    """A submission's report and case go in through compiled_insert: read back, every
    column equals what Django's save() stores for the same values."""
    from performance.compiled import compiled_insert
    from reporting.models import Case, Report
    from reporting.services.reports import report_submit
    from tests.factories import submission

    stored = report_submit(submission=submission(grounds=["RACISM", "RELIGION"])).report
    compiled = (Report.objects.get(pk=stored.pk), Case.objects.get(report_id=stored.pk))
    assert compiled[1].pk == stored.case.pk and not stored._state.adding

    twin = Report(**{**_field_values(compiled[0]), "id": uuid.uuid4(), "receipt_lookup": "t"})
    twin.save(force_insert=True)
    twin_case = Case(**{**_field_values(compiled[1]), "id": None, "report_id": twin.pk})
    twin_case.save(force_insert=True)
    saved = (Report.objects.get(pk=twin.pk), Case.objects.get(pk=twin_case.pk))
    for ours, django in zip(compiled, saved, strict=True):
        ours_values, django_values = _field_values(ours), _field_values(django)
        differ = {name for name, value in ours_values.items() if value != django_values[name]}
        assert differ <= {"id", "receipt_lookup", "report_id"}

    third = Report(**{**_field_values(compiled[0]), "id": uuid.uuid4(), "receipt_lookup": "3"})
    third.save(force_insert=True)
    third_case = Case(**{**_field_values(compiled[1]), "id": None, "report_id": third.pk})
    with django_assert_num_queries(1):  # one INSERT … RETURNING, nothing else
        compiled_insert(third_case)
    assert Case.objects.get(report_id=third.pk).pk == third_case.pk


def test_compiled_insert_refuses_what_it_would_store_wrongly(association_keyring):
    from django.db.models.functions import Now

    from performance.compiled import compiled_insert
    from reporting.models import Case
    from reporting.services.reports import report_submit
    from tests.factories import submission

    case = report_submit(submission=submission()).report.case
    with pytest.raises(ValueError, match="draws the id itself"):
        compiled_insert(Case(id=case.pk + 1000, report=case.report))
    with pytest.raises(ValueError, match="no expressions"):
        compiled_insert(Case(report=case.report, updated_at=Now()))


def _new_case_like(stored, lookup: str):
    """A report and its case with the values of `stored`, not yet in the database."""
    from reporting.models import Case, Report

    report = Report(**{**_field_values(stored), "id": uuid.uuid4(), "receipt_lookup": lookup})
    case = Case(report=report)
    case.classify(report)
    return report, case


@pytest.mark.django_db(transaction=True)
def test_compiled_inserts_go_in_as_one_statement_on_postgresql(association_keyring):
    """Outside a transaction (as in production), the report, its case and the tallies
    are one statement on PostgreSQL: no BEGIN and COMMIT round trips around them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from performance.compiled import compiled_inserts
    from reporting.models import Case, StatisticsTally
    from reporting.services.reports import report_submit
    from reporting.services.tallies import case_tallies, tallies_statement
    from tests.factories import submission

    template = report_submit(submission=submission()).report
    report, case = _new_case_like(template, "second")
    with CaptureQueriesContext(connection) as queries:
        compiled_inserts([report, case], then=tallies_statement(after=case_tallies(case)))

    assert Case.objects.get(report_id=report.pk).pk == case.pk
    assert not report._state.adding and not case._state.adding
    for (year, figure, key), _n in case_tallies(case).items():
        assert StatisticsTally.objects.get(year=year, figure=figure, key=key).count == 2
    statements = [query["sql"] for query in queries]
    if connection.vendor == "postgresql":
        assert len(statements) == 1 and statements[0].startswith("WITH i0 AS (INSERT INTO")
        assert connection.get_autocommit()
    else:
        assert sum(sql.startswith("INSERT INTO") for sql in statements) == 3


def test_compiled_inserts_are_all_or_nothing_and_leave_the_transaction_usable(
    association_keyring,
):
    from django.db import DatabaseError

    from performance.compiled import compiled_inserts
    from reporting.models import Case, Report
    from reporting.services.reports import report_submit
    from tests.factories import submission

    template = report_submit(submission=submission()).report
    report, case = _new_case_like(template, "refused")
    # The last statement fails after both rows went in: a tally without a count.
    refused = (
        'INSERT INTO "reporting_statisticstally" ("year", "figure", "key") VALUES (%s, %s, %s)',
        [2026, "f", "k"],
    )
    with pytest.raises(DatabaseError):
        compiled_inserts([report, case], then=refused)

    assert not Report.objects.filter(pk=report.pk).exists()
    assert not Case.objects.filter(report_id=report.pk).exists()
    assert Report.objects.count() == 1  # and the enclosing transaction still answers
