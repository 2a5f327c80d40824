"""What the case page's side panel posts (office/case.html): the case as stored, with
only the given changes, as a caseworker who touches nothing else would send it."""

from reporting.models import Case
from reporting.selectors.cases import classification_of

DECISIONS = {None: "unknown", True: "true", False: "false"}


def panel_data(case: Case, **changes) -> dict:
    case = Case.objects.select_related("assessment").get(pk=case.pk)
    stored = classification_of(case)
    data = {
        "version": case.version,
        "to_status": case.status,
        "assignee": case.assignee_id or "",
        "grounds": stored["grounds"],
        "areas": stored["areas"],
        "forms": stored["forms"],
        "incident_types": stored["incident_types"],
        "actor": stored["responsible_actor"],
        "district": stored["district"],
        "incident_month": stored["incident_month"],
        "is_discrimination": DECISIONS[stored["is_discrimination"]],
        "multidimensional": "on" if stored["multidimensional"] else "",
        "consequences": stored["consequences"],
        "agg_scope": stored["agg_scope"],
        "outcome": stored["outcome"],
    } | changes
    return {key: value for key, value in data.items() if value not in ("", None, [])}
