"""Checks on the markup of public pages, shared by the page tests."""

import re

# What the browser loads or sends by itself (scripts, styles, images, icons, form posts)
# never goes to another host. Links a person chooses to follow may, and say so.
EXTERNAL_LOAD = re.compile(rb"""(?:src|action)\s*=\s*["']?(?:https?:)?//""", re.I)
EXTERNAL_HREF = re.compile(rb"""<(a|link)\b([^>]*)\bhref\s*=\s*["']?(?:https?:)?//[^>]*>""", re.I)
SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script>", re.I | re.S)
QUICK_EXIT_SCRIPT = b' src="/static/frontend/quick-exit.js" defer'


def assert_nothing_loaded_from_other_hosts(content: bytes) -> None:
    assert not EXTERNAL_LOAD.search(content)
    for match in EXTERNAL_HREF.finditer(content):
        tag = match[0].decode()
        if match[1].lower() == b"link":
            assert 'rel="alternate"' in tag or 'rel="canonical"' in tag, tag
        else:
            assert "noreferrer" in tag, tag


def assert_only_the_quick_exit_script(content: bytes) -> None:
    """The pages work without JavaScript; the one script is a same-origin file that
    makes the quick exit replace the history entry. Nothing inline (CSP)."""
    assert SCRIPT.findall(content) == [(QUICK_EXIT_SCRIPT, b"")]
