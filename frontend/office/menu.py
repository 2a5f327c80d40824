"""The back office's menu: the pages a role can open, and where each role lands.

One list decides both, from the same predicates the pages check, so a menu never
offers a page that answers 404, and every role lands on a page it can use.
"""

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reporting.permissions import (
    can_administer,
    can_translate,
    can_view_referrals,
    can_work_on_cases,
    documents_own_cases,
    keeps_directory_entry,
    works_on_cases,
)
from reporting.statistics.access import can_view_statistics, exports_own_organisation_only

# In menu order; a role lands on the first it may open.
PAGES = (
    ("office:inbox", _("Inbox"), works_on_cases),
    ("office:intake", _("Record a report"), works_on_cases),
    ("office:own_figures", _("Our figures"), documents_own_cases),
    ("office:referrals", _("Referrals"), can_view_referrals),
    ("office:shared_cases", _("Shared cases"), can_work_on_cases),
    ("office:organisation", _("Our organisation"), keeps_directory_entry),
    ("office_statistics:dashboard", _("Statistics"), can_view_statistics),
    ("office_statistics:export", _("Statistics"), exports_own_organisation_only),
    ("office:keys", _("Key grants"), can_administer),
    ("office:interpreter_requests", _("Texts to translate"), can_translate),
)
# Every signed-in staff member may change their password.
ACCOUNT_PAGE = "office:password"


@dataclass(frozen=True)
class MenuLink:
    url: str
    label: str
    current: bool = False


@functools.cache
def _reversed(name: str, language: str, prefix: str) -> str:
    return reverse(name)


def _url(name: str) -> str:
    """Every office page shows the menu: its URLs reversed once per language."""
    return _reversed(name, get_language(), get_script_prefix())


def menu_links(user, path: str = "") -> list[MenuLink]:
    """The pages `user` may open; the one `path` lies in is marked current."""
    urls = [(_url(name), label) for name, label, may_open in PAGES if may_open(user)]
    # The inbox's URL is a prefix of every office page: the longest match is the page.
    current = max((url for url, _label in urls if path.startswith(url)), key=len, default=None)
    return [MenuLink(url, str(label), url == current) for url, label in urls]


def landing_url(user) -> str:
    """Where `user` lands after signing in: the first page of the menu they may open."""
    for name, _label, may_open in PAGES:
        if may_open(user):
            return _url(name)
    return _url(ACCOUNT_PAGE)
