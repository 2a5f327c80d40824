"""Every role lands on a page it can use, and its menu offers only pages that open
(issue 21: a statistics user landed on a 404, a partner's menu linked to two)."""

import re

import pytest

from reporting.vocabulary.roles import Role
from tests.logins import STAFF_PASSWORD

pytestmark = pytest.mark.django_db

MENUS = {
    "caseworker": (
        "/de/office/",
        ["Posteingang", "Meldung erfassen", "Weitergaben", "Geteilte Fälle", "Statistik"],
    ),
    # "Statistik": the funder export of their own organisation's cases (issue 19).
    "member_caseworker": (
        "/de/office/",
        ["Posteingang", "Meldung erfassen", "Unsere Zahlen", "Statistik"],
    ),
    "partner": ("/de/office/referrals/", ["Weitergaben", "Unsere Organisation"]),
    "statistics": ("/de/office/statistics/", ["Statistik"]),
    "interpreter": ("/de/office/translations/", ["Zu übersetzende Texte"]),
    "administrator": (
        "/de/office/",
        ["Posteingang", "Meldung erfassen", "Weitergaben", "Geteilte Fälle", "Schlüsselfreigaben"],
    ),
    "administrator+caseworker": (
        "/de/office/",
        [
            "Posteingang",
            "Meldung erfassen",
            "Weitergaben",
            "Geteilte Fälle",
            "Statistik",
            "Schlüsselfreigaben",
        ],
    ),
}


@pytest.fixture
def user_of(make_staff, make_member):
    def make(name):
        if name == "partner":
            return make_member("Treffpunkt Test (Demo)", districts=["14612"]).partner
        if name == "member_caseworker":
            organisation = make_member("Beratung Test (Demo)", partner=False)
            return make_staff(Role.MEMBER_CASEWORKER, organisation=organisation)
        return make_staff(*(Role(role) for role in name.split("+")))

    return make


def _sign_in(client, user):
    client.post("/de/office/login/", {"username": user.username, "password": STAFF_PASSWORD})
    response = client.post("/de/office/login/second-factor/", {"code": user.backup_codes.pop()})
    assert response.status_code == 302
    return response["Location"]


def _menu(html: str) -> list[tuple[str, str]]:
    nav = html[html.index('class="office-menu"') : html.index("</nav>")]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize("role", MENUS)
def test_every_role_lands_on_a_page_it_can_use_and_every_menu_link_opens(client, user_of, role):
    lands_on, labels = MENUS[role]
    user = user_of(role)
    assert _sign_in(client, user) == lands_on
    landing = client.get(lands_on)
    assert landing.status_code == 200
    links = _menu(landing.content.decode())
    assert [label for _url, label in links[:-1]] == labels
    assert links[-1] == ("/de/office/password/", user.username)  # the own account
    for url, label in links:
        assert client.get(url).status_code == 200, (role, label, url)
    home = re.search(r'<a class="site-name" href="([^"]+)"', landing.content.decode())[1]
    assert home == lands_on


def test_the_current_page_is_marked_in_the_menu(client, user_of):
    user = user_of("caseworker")
    _sign_in(client, user)
    page = client.get("/de/office/statistics/").content.decode()
    assert '<a href="/de/office/statistics/" aria-current="page">Statistik</a>' in page
    assert '<a href="/de/office/" aria-current' not in page


def test_no_menu_before_the_second_factor(client, user_of):
    user = user_of("caseworker")
    client.post("/de/office/login/", {"username": user.username, "password": STAFF_PASSWORD})
    page = client.get("/de/office/login/second-factor/").content.decode()
    assert "office-menu" not in page and "/de/office/statistics/" not in page


def test_the_menu_urls_follow_the_language(make_staff):
    """Reversed once per language (every office page shows the menu), never another's."""
    from django.utils import translation

    from frontend.office.menu import landing_url, menu_links

    caseworker = make_staff(Role.CASEWORKER)
    for language in ("de", "ar", "de"):
        with translation.override(language):
            assert landing_url(caseworker) == f"/{language}/office/"
            assert all(link.url.startswith(f"/{language}/") for link in menu_links(caseworker))
