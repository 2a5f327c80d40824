"""Institutions named on cases: sealing, the keyed hash, the threshold of different
reporters, the audit of every match query, and the matching key's grants."""

import pytest

from reporting.crypto import DecryptionError, derive_matching_key, keyed_hash, open_sealed
from reporting.models import AuditEvent, Case, CaseLink, CaseStatus, InstitutionMention
from reporting.selectors.institutions import (
    institution_matches,
    institution_mentions_of_case,
    keys_without_matching_grant,
    session_matching_key,
)
from reporting.services import institutions as services
from reporting.services.reports import report_intake, report_submit
from reporting.vocabulary.errors import ValidationFailed
from reporting.vocabulary.roles import Role
from reporting.vocabulary.taxonomy import Channel
from tests.factories import submission

pytestmark = pytest.mark.django_db
NAME = "Muster-Wohnbau GmbH (fiktiv)"
LEIPZIG = "14713"


def new_case(owner=None) -> Case:
    """A case of the association, or (owner given) a member organisation's own case."""
    if owner is None:
        return report_submit(submission=submission()).report.case
    # The organisation's own intake, sealed to its key alone (no caseworker needed here).
    return report_intake(
        submission=submission(),
        channel=Channel.PHONE,
        actor=None,
        receipt=False,
        member_organisation=owner,
    ).report.case


@pytest.fixture
def key(association_private_key):
    return derive_matching_key(association_private_key)


@pytest.fixture
def member(make_member):
    return make_member("Beratung Nord (fiktiv)", partner=False)


@pytest.fixture
def caseworker(make_staff):
    return make_staff(Role.CASEWORKER)


def record(case, key, name=NAME, district=LEIPZIG, actor=None):
    return services.institution_mention_record(
        case=case, actor=actor, name=name, district=district, matching_key=key
    )


def test_the_name_is_sealed_to_the_owner_and_hashed(
    key, member, association_private_key, caseworker
):
    mention = record(new_case(member), key, actor=caseworker)
    sealed = bytes(mention.name)
    assert NAME.encode() not in sealed
    assert open_sealed(sealed, keys=member.private_key, context=mention.context()) == NAME.encode()
    with pytest.raises(DecryptionError):  # the association cannot open it
        open_sealed(sealed, keys=association_private_key, context=mention.context())
    assert mention.name_hash == keyed_hash(key, "muster wohnbau fiktiv")
    assert AuditEvent.objects.filter(
        case=mention.case, actor=caseworker, verb=AuditEvent.Verb.INSTITUTION_RECORDED
    ).exists()


def test_spellings_of_one_institution_share_the_hash(key):
    case = new_case()
    first = record(case, key, "Muster-Wohnbau GmbH")
    second = record(case, key, "  MUSTER wohnbau g.m.b.h. ")
    assert first.name_hash == second.name_hash


def test_without_the_matching_key_recording_works_and_matching_does_not(
    association_private_key,
):
    case = new_case()
    mention = record(case, None)
    assert mention.name_hash == ""
    rows = institution_mentions_of_case(case, [association_private_key])
    assert [(r.name, r.matchable) for r in rows] == [(NAME, False)]
    assert institution_matches(case) == {}


@pytest.mark.parametrize(
    ("name", "district", "fields"),
    [
        ("", LEIPZIG, {"name"}),
        ("GmbH & Co. KG", LEIPZIG, {"name"}),
        ("x" * 201, LEIPZIG, {"name"}),
        (NAME, "99999", {"district"}),
        (" ", "", {"name", "district"}),
    ],
)
def test_bad_input_is_a_field_error(key, name, district, fields):
    with pytest.raises(ValidationFailed) as refused:
        record(new_case(), key, name, district)
    assert set(refused.value.fields) == fields
    assert not InstitutionMention.objects.exists()


def test_two_reporters_of_two_owners_see_each_other(key, member, association_keyring):
    association_case, member_case = new_case(), new_case(member)
    mine = record(member_case, key, "muster wohnbau (FIKTIV)")
    theirs = record(association_case, key)
    seen_by_member = institution_matches(member_case)[mine.pk]
    assert seen_by_member.disclosed
    assert seen_by_member.other_cases == 1
    assert seen_by_member.organisations == [association_keyring.key.organisation.name]
    seen_by_association = institution_matches(association_case)[theirs.pk]
    assert seen_by_association.organisations == ["Beratung Nord (fiktiv)"]


def test_below_the_threshold_nothing_is_disclosed(key, member, settings, make_member):
    settings.INSTITUTION_MATCH_THRESHOLD = 3
    mine = record(new_case(member), key)
    record(new_case(), key)
    result = institution_matches(mine.case)[mine.pk]
    assert not result.disclosed and result.other_cases == 0 and result.organisations == []
    # A third reporter, of a third organisation: now both others are named.
    third = make_member("Beratung Süd (fiktiv)", partner=False)
    record(new_case(third), key)
    result = institution_matches(mine.case)[mine.pk]
    assert result.disclosed and result.other_cases == 2
    assert result.organisations == ["Beratung Süd (fiktiv)", "Test-Betreiber (fiktiv)"]


def test_a_duplicate_is_not_another_reporter(key, member, settings):
    settings.INSTITUTION_MATCH_THRESHOLD = 3
    lead, duplicate = new_case(), new_case()
    Case.objects.filter(pk=duplicate.pk).update(linked_to=lead, link_kind=CaseLink.DUPLICATE)
    record(lead, key)
    record(duplicate, key)
    mine = record(new_case(member), key)
    assert not institution_matches(mine.case)[mine.pk].disclosed
    # A second witness of the same incident is another reporter.
    Case.objects.filter(pk=duplicate.pk).update(link_kind=CaseLink.SAME_INCIDENT)
    result = institution_matches(mine.case)[mine.pk]
    assert result.disclosed and result.other_cases == 2


def test_own_cases_are_listed_and_not_disclosed_as_the_network(key):
    first, second = new_case(), new_case()
    record(first, key)
    mine = record(second, key)
    result = institution_matches(second)[mine.pk]
    assert not result.disclosed and result.own_cases == [first.pk]


def test_another_district_or_a_spam_case_does_not_match(key, member):
    mine = record(new_case(member), key)
    record(new_case(), key, district="14612")
    spam = new_case()
    Case.objects.filter(pk=spam.pk).update(status=CaseStatus.SPAM, excluded_as=CaseStatus.SPAM)
    record(spam, key)
    assert not institution_matches(mine.case)[mine.pk].disclosed


def test_every_match_query_is_audited(key, member, caseworker):
    case = new_case()
    assert services.institution_match_check(case=case, actor=caseworker) == {}
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.INSTITUTION_MATCHED).exists()
    record(case, key)
    services.institution_match_check(case=case, actor=caseworker)
    services.institution_match_check(case=case, actor=caseworker)
    events = AuditEvent.objects.filter(verb=AuditEvent.Verb.INSTITUTION_MATCHED)
    assert [(e.case_id, e.actor_id) for e in events] == [(case.pk, caseworker.pk)] * 2


def test_remove_is_audited(key, caseworker):
    mention = record(new_case(), key)
    services.institution_mention_remove(mention=mention, actor=caseworker)
    assert not InstitutionMention.objects.exists()
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.INSTITUTION_REMOVED).count() == 1


def test_grants_give_member_sessions_the_same_key(
    key, member, association_private_key, make_member
):
    assert session_matching_key([member.private_key]) is None
    assert session_matching_key([association_private_key]) == key
    assert list(keys_without_matching_grant()) == [member.keys.get()]
    with pytest.raises(services.MatchingKeyUnavailable):
        services.matching_key_grants_write(keys=[member.private_key])
    assert services.matching_key_grants_write(keys=[association_private_key]) == 1
    assert session_matching_key([member.private_key]) == key
    # A member organisation's session, once granted, can pass the key on; nothing twice.
    later = make_member("Beratung West (fiktiv)", partner=False)
    assert services.matching_key_grants_write(keys=[member.private_key]) == 1
    assert session_matching_key([later.private_key]) == key
    assert services.matching_key_grants_write(keys=[association_private_key]) == 0
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.MATCHING_KEY_GRANTED).count() == 2


def test_retention_destroys_the_mentions_with_the_content(key, member):
    from reporting.services.retention import case_content_destroy

    mine = record(new_case(member), key)
    other = record(new_case(), key)
    case_content_destroy(case_id=other.case_id)
    assert list(InstitutionMention.objects.all()) == [mine]
    assert not institution_matches(mine.case)[mine.pk].disclosed


def test_matching_opens_no_mention(key, member, monkeypatch):
    """The match reads hashes, districts and owners only: with every way to open an
    envelope broken, it still answers."""
    from reporting.selectors import institutions as selectors

    mine = record(new_case(member), key)
    record(new_case(), key)

    def refuse(*args, **kwargs):
        raise AssertionError("the matching opened a sealed value")

    monkeypatch.setattr(selectors, "open_sealed", refuse)
    monkeypatch.setattr("reporting.crypto.envelope.open_sealed", refuse)
    assert institution_matches(mine.case)[mine.pk].disclosed
