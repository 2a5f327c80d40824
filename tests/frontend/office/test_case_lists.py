"""The case page's lists written in Python give the markup the template loops gave."""

import re
from datetime import UTC, datetime

from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from frontend.templatetags.case_lists import event_items, inbox_rows, message_items, note_items
from reporting.selectors.cases import DecryptedMessage, EventRow, InboxRow

# The loops as the templates had them (office/case.html and office/events.html).
MESSAGES = Template(
    "{% load i18n %}{% for m in messages %}"
    '<li class="message {% if m.from_reporter %}theirs{% else %}mine{% endif %}">'
    '<p class="meta">{% if m.from_reporter %}{% translate "Reporter" %}{% else %}{{ m.author }}'
    '{% endif %} · {{ m.at }}</p><div class="body">{{ m.body|linebreaksbr }}</div></li>'
    "{% endfor %}"
)
NOTES = Template(
    "{% for n in notes %}"
    '<li class="message"><p class="meta">{{ n.author }} · {{ n.at }}</p>'
    '<div class="body">{{ n.body|linebreaksbr }}</div></li>'
    "{% endfor %}"
)
EVENTS = Template(
    "{% for e in events %}<li>{{ e.at }} · {{ e.actor }} · {{ e.verb }}{% if e.to_status %}"
    " ({{ e.from_status }} → {{ e.to_status }}){% endif %}</li>{% endfor %}"
)
INBOX = Template(
    "{% for row in rows %}"
    '<tr{% if row.unread %} class="unread"{% endif %}>\n'
    '<td><a href="{{ cases_url }}{{ row.pk }}/">#{{ row.pk }}</a>{% if row.marker %} '
    "<strong>{{ row.marker }}</strong>{% endif %}{% if row.due %} "
    '<strong class="due">{{ row.due }}</strong>{% endif %}</td>\n      <td>{{ row.received_on }}</td>\n'
    "<td>{{ row.age }}</td>\n<td>{{ row.last_activity }}</td>\n"
    "<td>{{ row.status }}</td>\n<td>{{ row.district }}</td>\n<td>{{ row.language }}</td>\n"
    "<td>{{ row.assignee }}</td>\n    </tr>\n  {% endfor %}"
)
HOSTILE = st.text(alphabet=st.sampled_from("a<>&\"' \r\n\tüش→"), max_size=30)


def _message(body, author, from_reporter):
    return DecryptedMessage(
        id="1",
        from_reporter=from_reporter,
        author=author,
        created_at=datetime(2026, 11, 27, 23, 5, tzinfo=UTC),
        body=body,
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(HOSTILE, HOSTILE, st.booleans()), max_size=4))
def test_messages_and_notes_match_the_template_loops(rows):
    messages = [_message(*row) for row in rows]
    assert message_items(messages) == MESSAGES.render(Context({"messages": messages}))
    assert note_items(messages) == NOTES.render(Context({"notes": messages}))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(HOSTILE, HOSTILE, HOSTILE, HOSTILE), max_size=4))
def test_history_matches_the_template_loop(rows):
    events = [
        EventRow(at="2026-11-27 23:05", actor=actor, verb=verb, from_status=old, to_status=new)
        for actor, verb, old, new in rows
    ]
    assert event_items(events) == EVENTS.render(Context({"events": events}))


def test_hostile_text_stays_text():
    html = message_items([_message("<script>alert(1)</script>\r\nzwei", "<b>x</b>", False)])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>zwei" in html


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 10**12), HOSTILE, HOSTILE, st.booleans(), HOSTILE, HOSTILE, HOSTILE
        ),
        max_size=4,
    )
)
def test_inbox_rows_match_the_template_loop(rows):
    rows = [
        InboxRow(pk=pk, received_on="2026-11-27", age=age, last_activity="2026-11-28 09:10",
                 status=status, district=district, language="ar", assignee="—", unread=unread,
                 marker=marker if unread else "", due=due)
        for pk, status, district, unread, age, marker, due in rows
    ]  # fmt: skip
    context = Context({"rows": rows, "cases_url": "/de/office/cases/"})

    # The template's line breaks between tags are gone; the same rule applied to both sides.
    def tags(html):
        return re.sub(r">\s*\n\s*<", "><", html).strip()

    assert tags(inbox_rows(rows, "/de/office/cases/")) == tags(INBOX.render(context))
