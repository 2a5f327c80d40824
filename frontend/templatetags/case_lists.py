"""The back office's long lists — inbox rows, the case timeline, history — in Python.

Each item took six to ten template nodes, ten times what writing them here costs
(performance/README.md; docs/decisions.md, "The back office's long lists are written in
Python"). The markup is the one the templates wrote, every value escaped.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi, gettext, ngettext

from frontend.form_renderer import escape
from reporting.selectors.cases import EntryKind

register = template.Library()


def _translation(row) -> str:
    caption = gettext("Translation (%(language)s) by %(translator)s") % {
        "language": row.language,
        "translator": row.translator,
    }
    return (
        f'<div class="translation"><p class="meta">{escape(caption)}</p>'
        f'<div class="body">{linebreaksbr(row.body)}</div></div>'
    )


def _thread_item(css_class: str, who: str, at: str, body: str, translated_as=()) -> str:
    translations = "".join(_translation(row) for row in translated_as)
    return (
        f'<li class="{css_class}"><p class="meta">{escape(who)} · {escape(at)}</p>'
        f'<div class="body">{linebreaksbr(body)}</div>{translations}</li>'
    )


@register.simple_tag
def event_items(events) -> SafeString:
    # From one status to the next, in reading order: right to left in Arabic and Persian.
    arrow = "←" if get_language_bidi() else "→"
    return mark_safe(  # noqa: S308 - every value is escaped above
        "".join(
            f"<li>{escape(e.at)} · {escape(e.actor)} · {escape(e.verb)}"
            + (f" ({escape(e.from_status)} {arrow} {escape(e.to_status)})" if e.to_status else "")
            + (f" · #{escape(e.other_case)}" if e.other_case else "")
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
            + f'</td><td class="excerpt">{escape(r.excerpt)}</td>'
            f"<td>{escape(r.received_on)}</td><td>{escape(r.age)}</td>"
            f"<td>{escape(r.last_activity)}</td><td>{escape(r.status)}</td>"
            f"<td>{escape(r.district)}</td><td>{escape(r.language)}</td>"
            f"<td>{escape(r.assignee)}</td></tr>"
            for r in rows
        )
    )


TIMELINE_SHOWN = 3  # the newest entries; older ones fold, so the newest is in view


@register.simple_tag
def timeline_items(entries) -> SafeString:
    """Messages, notes and interventions after the report (office/case.html), oldest
    first, each saying who wrote it and what it is; all but the newest fold away."""
    reporter = gettext("Reporter")
    kinds = {code: str(label) for code, label in EntryKind.choices}
    css = {
        EntryKind.FROM_REPORTER: "message theirs",
        EntryKind.TO_REPORTER: "message mine",
        EntryKind.NOTE: "message note",
        EntryKind.INTERVENTION: "message intervention",
    }

    def item(entry) -> str:
        if entry.kind == EntryKind.FROM_REPORTER:
            who = reporter
        else:
            what = f"{kinds[entry.kind]}: {entry.title}" if entry.title else kinds[entry.kind]
            who = f"{entry.author or '—'} · {what}"
        return _thread_item(
            css[entry.kind], who, entry.at, entry.body, translated_as=entry.translations
        )

    earlier, recent = entries[:-TIMELINE_SHOWN], entries[-TIMELINE_SHOWN:]
    folded = ""
    if earlier:
        summary = ngettext("%(count)s earlier entry", "%(count)s earlier entries", len(earlier)) % {
            "count": len(earlier)
        }
        folded = (
            f'<li class="earlier"><details><summary>{escape(summary)}</summary>'
            f'<ol class="thread">{"".join(item(e) for e in earlier)}</ol></details></li>'
        )
    return mark_safe(folded + "".join(item(e) for e in recent))  # noqa: S308 - escaped
