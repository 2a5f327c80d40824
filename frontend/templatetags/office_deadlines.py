"""The case page's deadlines panel (frontend/templates/office/_deadlines.html).

It reads its own data, so the case page includes it with one line; the page of a failed
change (frontend/office/views/deadlines.py) passes the bound form with its errors."""

import datetime
from dataclasses import dataclass

from django import template
from django.utils import timezone

from frontend.office.deadline_forms import DeadlineDateForm, DeadlineRecordForm, FollowUpForm
from reporting.selectors.deadlines import DeadlineRow, case_deadlines
from web.staff_session import session_keys

register = template.Library()


@register.filter
def iso_date(day) -> str:
    """A day as YYYY-MM-DD, kept left to right inside Arabic or Persian text (Unicode
    isolates, so the filter's text can sit in a translated sentence)."""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    return f"\u2066{day.isoformat()}\u2069" if day else ""


@dataclass(frozen=True)
class PanelRow:
    row: DeadlineRow
    action: str  # "pause" or "resume"; "" for a closed deadline
    form: DeadlineDateForm | None


@register.inclusion_tag("office/_deadline_panel.html", takes_context=True)
def deadline_panel(context) -> dict:
    case, request = context["case"], context["request"]
    failed = context.get("deadline_forms", {})
    failed_deadline = str(context.get("failed_deadline", ""))
    today = timezone.localdate()
    panel = case_deadlines(case, session_keys(request))
    rows = []
    for row in panel.rows:
        action = "" if row.closed else ("resume" if row.paused else "pause")
        form = None
        if action:
            form = DeadlineDateForm(
                initial={"deadline": row.deadline.pk, "on": today},
                auto_id=f"id_deadline{row.deadline.pk}_%s",
                action=action,
            )
            if action in failed and failed_deadline == str(row.deadline.pk):
                form = failed[action]
                form.auto_id = f"id_deadline{row.deadline.pk}_%s"
        rows.append(PanelRow(row=row, action=action, form=form))
    follow_up = panel.follow_up
    return {
        "case": case,
        "case_url": context["case_url"],
        "csrf_token": context.get("csrf_token"),
        "rows": rows,
        "close_failed": failed_deadline if "close" in failed else "",
        "close_errors": failed["close"].non_field_errors() if "close" in failed else [],
        "follow_up": follow_up,
        "follow_up_note": panel.follow_up_note,
        "follow_up_due": panel.follow_up_due,
        "record_form": failed.get("record")
        or DeadlineRecordForm(initial={"starts_on": today}, auto_id="id_deadline_%s"),
        "follow_up_form": failed.get("follow-up")
        or FollowUpForm(
            initial={
                "due_on": follow_up.due_on if follow_up else None,
                "note": panel.follow_up_note,
            },
            auto_id="id_follow_up_%s",
        ),
    }
