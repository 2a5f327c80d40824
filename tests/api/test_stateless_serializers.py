"""Output serializers copy their declared fields shallowly: instances stay independent."""

from datetime import UTC, datetime

import pytest

from api.staff.serializers import CaseDetailOutputSerializer
from reporting.selectors.cases import CaseDetail, DecryptedMessage

pytestmark = pytest.mark.django_db


def _detail(case, *bodies):
    messages = [
        DecryptedMessage(
            id=str(index),
            from_reporter=False,
            author="staff",
            created_at=datetime(2026, 11, 27, tzinfo=UTC),
            body=body,
        )
        for index, body in enumerate(bodies)
    ]
    return CaseDetail(
        case=case, content={"narrative": "x"}, contact=None, messages=messages, notes=[],
        attachments=[], interventions=[],
    )  # fmt: skip


def test_two_responses_in_a_row_each_show_their_own_case(case):
    first = CaseDetailOutputSerializer(_detail(case, "eins", "zwei"))
    second = CaseDetailOutputSerializer(_detail(case, "drei"))
    assert [m["body"] for m in first.data["messages"]] == ["eins", "zwei"]
    assert [m["body"] for m in second.data["messages"]] == ["drei"]
    assert first.fields["messages"] is not second.fields["messages"]
    assert first.fields["status"].parent is first and second.fields["status"].parent is second
    declared = CaseDetailOutputSerializer._declared_fields["status"]
    assert declared.parent is None and declared.field_name is None
