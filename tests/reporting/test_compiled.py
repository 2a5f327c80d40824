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
