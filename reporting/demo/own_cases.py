"""A handful of own cases for two fictional member organisations (issue 19): sealed to
each organisation's key alone, dated like the rest of the demo (never after today), a
note on each, one shared with the association where the reporter consented."""

from django.utils import timezone

from reporting.demo.synthetic import create_synthetic_reports
from reporting.models import Case
from reporting.selectors.keys import organisation_public_keys
from reporting.services.cases import note_add
from reporting.services.shares import case_share


def create_demo_own_cases(*, workers: list, seed: int, per_organisation: int = 5) -> int:
    """`workers`: one member caseworker per organisation, holding its key. Returns how
    many own cases were made."""
    year = timezone.localdate().year
    made = 0
    for number, worker in enumerate(workers):
        organisation = worker.staff.organisation
        made += create_synthetic_reports(
            count=per_organisation,
            year=year,
            recipients=organisation_public_keys(organisation.pk),
            seed=seed + 1000 + number,
            member_organisation_id=organisation.pk,
        )
        own = Case.objects.filter(member_organisation=organisation).select_related("report")
        for case in own.order_by("id"):
            note_add(case=case, actor=worker, body="Rückruf vereinbart. (Demo)")
        consenting = own.filter(report__consent_referral=True).order_by("id").first()
        if consenting is not None:
            case_share(
                case=consenting,
                actor=worker,
                summary="Absage nach Namensnennung; Beratung läuft. (Demo)",
            )
    return made
