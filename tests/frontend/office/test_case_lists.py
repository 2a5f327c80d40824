"""The case page's lists written in Python give the markup the template loops gave."""

import re

from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from frontend.templatetags.case_lists import event_items, inbox_rows, timeline_items
from reporting.selectors.cases import EntryKind, EventRow, InboxRow, TimelineEntry

# The loops as the templates had them (office/events.html and office/inbox.html).
EVENTS = Template(
    "{% for e in events %}<li>{{ e.at }} · {{ e.actor }} · {{ e.verb }}{% if e.to_status %}"
    " ({{ e.from_status }} → {{ e.to_status }}){% endif %}"
    "{% if e.other_case %} · #{{ e.other_case }}{% endif %}</li>{% endfor %}"
)
INBOX = Template(
    "{% for row in rows %}"
    '<tr{% if row.unread %} class="unread"{% endif %}>\n'
    '<td><a href="{{ cases_url }}{{ row.pk }}/">#{{ row.pk }}</a>{% if row.marker %} '
    "<strong>{{ row.marker }}</strong>{% endif %}{% if row.due %} "
    '<strong class="due">{{ row.due }}</strong>{% endif %}</td>\n'
    '<td class="excerpt">{{ row.excerpt }}</td>\n      <td>{{ row.received_on }}</td>\n'
    "<td>{{ row.age }}</td>\n<td>{{ row.last_activity }}</td>\n"
    "<td>{{ row.status }}</td>\n<td>{{ row.district }}</td>\n<td>{{ row.language }}</td>\n"
    "<td>{{ row.assignee }}</td>\n    </tr>\n  {% endfor %}"
)
HOSTILE = st.text(alphabet=st.sampled_from("a<>&\"' \r\n\tüش→"), max_size=30)


def _entry(kind, author, body, title=""):
    return TimelineEntry(kind=kind, author=author, at="2026-11-27 23:05", body=body, title=title)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(HOSTILE, HOSTILE, HOSTILE, HOSTILE, st.none() | st.integers(1, 10**9)),
        max_size=4,
    )
)
def test_history_matches_the_template_loop(rows):
    events = [
        EventRow(
            at="2026-11-27 23:05",
            actor=actor,
            verb=verb,
            from_status=old,
            to_status=new,
            other_case=other,
        )
        for actor, verb, old, new, other in rows
    ]
    assert event_items(events) == EVENTS.render(Context({"events": events}))


def test_hostile_text_stays_text():
    html = timeline_items(
        [_entry(EntryKind.TO_REPORTER, "<b>x</b>", "<script>alert(1)</script>\r\nzwei")]
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>zwei" in html


def test_the_timeline_says_who_wrote_what_and_folds_all_but_the_newest():
    entries = [
        _entry(EntryKind.FROM_REPORTER, "", "Erste Nachricht"),
        _entry(EntryKind.NOTE, "anna", "Rückruf"),
        _entry(EntryKind.INTERVENTION, "anna", "", title="Beratung"),
        _entry(EntryKind.TO_REPORTER, "anna", "Antwort"),
        _entry(EntryKind.FROM_REPORTER, "", "Neueste"),
    ]
    with translation.override("de"):
        html = timeline_items(entries)
    folded, shown = html.split("</details></li>")
    assert "2 frühere Einträge" in folded and "Erste Nachricht" in folded and "Rückruf" in folded
    assert folded.index("Erste Nachricht") < folded.index("Rückruf")
    assert '<li class="message intervention"><p class="meta">anna · Intervention: Beratung' in shown
    assert '<li class="message mine"><p class="meta">anna · an die meldende Person' in shown
    assert shown.rstrip().endswith("Neueste</div></li>")
    assert timeline_items(entries[:3]).count("<details>") == 0


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
                 marker=marker if unread else "", excerpt=district + age, due=due)
        for pk, status, district, unread, age, marker, due in rows
    ]  # fmt: skip
    context = Context({"rows": rows, "cases_url": "/de/office/cases/"})

    # The template's line breaks between tags are gone; the same rule applied to both sides.
    def tags(html):
        return re.sub(r">\s*\n\s*<", "><", html).strip()

    assert tags(inbox_rows(rows, "/de/office/cases/")) == tags(INBOX.render(context))
