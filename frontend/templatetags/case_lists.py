"""The back office's long lists — inbox rows, messages, internal notes, history — in Python.

Each item took six to ten template nodes, ten times what writing them here costs
(performance/README.md; docs/decisions.md, "The back office's long lists are written in
Python"). The markup is the one the templates wrote, every value escaped.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi, gettext

from frontend.form_renderer import escape

register = template.Library()


def _thread_item(css_class: str, who: str, at: str, body: str) -> str:
    return (
        f'<li class="{css_class}"><p class="meta">{escape(who)} · {escape(at)}</p>'
        f'<div class="body">{linebreaksbr(body)}</div></li>'
    )


@register.simple_tag
def message_items(messages) -> SafeString:
    """A conversation with the reporter: their messages and the association's."""
    reporter = gettext("Reporter")
    return mark_safe(  # noqa: S308 - _thread_item escapes every value
        "".join(
            _thread_item("message theirs", reporter, m.at, m.body)
            if m.from_reporter
            else _thread_item("message mine", m.author, m.at, m.body)
            for m in messages
        )
    )


@register.simple_tag
def note_items(notes) -> SafeString:
    return mark_safe(  # noqa: S308 - _thread_item escapes every value
        "".join(_thread_item("message", n.author, n.at, n.body) for n in notes)
    )


@register.simple_tag
def event_items(events) -> SafeString:
    # From one status to the next, in reading order: right to left in Arabic and Persian.
    arrow = "←" if get_language_bidi() else "→"
    return mark_safe(  # noqa: S308 - every value is escaped above
        "".join(
            f"<li>{escape(e.at)} · {escape(e.actor)} · {escape(e.verb)}"
            + (f" ({escape(e.from_status)} {arrow} {escape(e.to_status)})" if e.to_status else "")
            + "</li>"
            for e in events
        )
    )


@register.simple_tag
def inbox_rows(rows, cases_url: str) -> SafeString:
    """Table rows of the inbox; an unread case is marked: a new report or a new message."""
    url, unread = escape(cases_url), ' class="unread"'
    return mark_safe(  # noqa: S308 - every value is escaped above
        "".join(
            f"<tr{unread if r.unread else ''}>"
            f'<td><a href="{url}{escape(r.pk)}/">#{escape(r.pk)}</a>'
            + (f" <strong>{escape(r.marker)}</strong>" if r.marker else "")
            + (f' <strong class="due">{escape(r.due)}</strong>' if r.due else "")
            + f"</td><td>{escape(r.received_on)}</td><td>{escape(r.age)}</td>"
            f"<td>{escape(r.last_activity)}</td><td>{escape(r.status)}</td>"
            f"<td>{escape(r.district)}</td><td>{escape(r.language)}</td>"
            f"<td>{escape(r.assignee)}</td></tr>"
            for r in rows
        )
    )
