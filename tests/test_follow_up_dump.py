"""A thief's view of follow-up notes: the raw database holds the sealed note, never its
words (like tests/test_database_dump.py for reports)."""

import datetime

import pytest

from reporting.crypto import open_sealed
from reporting.models import FollowUp
from reporting.services.deadlines import follow_up_set
from reporting.services.reports import report_submit
from reporting.vocabulary.roles import Role
from tests.factories import submission
from tests.test_database_dump import _raw_database_bytes

NOTE = "Zyxwv-Wiedervorlage-Rueckruf-14142"


@pytest.mark.django_db(transaction=True)
def test_database_dump_reveals_no_follow_up_note(
    association_keyring, association_private_key, make_staff, tmp_path
):
    caseworker = make_staff(Role.CASEWORKER)
    case = report_submit(submission=submission()).report.case
    follow_up_set(case=case, actor=caseworker, due_on=datetime.date(2026, 6, 20), note=NOTE)

    dump = _raw_database_bytes(tmp_path)
    assert b"reporting_followup" in dump  # the dump is real and has the table
    for encoded in (NOTE.encode("utf-8"), NOTE.encode("utf-16-le"), NOTE.encode().hex().encode()):
        assert encoded not in dump, "the follow-up note is in the database dump"
    stored = FollowUp.objects.get()
    sealed = bytes(stored.note)
    assert sealed[:16] in dump or sealed[:16].hex().encode() in dump  # the sealed note is there
    assert open_sealed(sealed, keys=[association_private_key], context=stored.context()) == (
        NOTE.encode()
    )
