"""Help now: emergency numbers, nationwide helplines, counselling services by district;
the receipt page shows the chosen district's services and, for work, housing and goods
and services, the AGG's deadline."""

import re

import pytest

from frontend.public import receipt_token
from reporting.models import CounsellingService
from reporting.vocabulary.helplines import EMERGENCY, HELPLINES
from tests.factories import form_data
from tests.logins import staff_login

pytestmark = pytest.mark.django_db

DRESDEN, LEIPZIG = "14612", "14713"


@pytest.fixture
def services(db):
    CounsellingService.objects.create(
        name="Beratung Elbtal (fiktiv)",
        help_with="Hilft bei Diskriminierung im Job.",
        languages=["de", "ar"],
        phone="0351 000001",
        website="https://elbtal.example",
        districts=[DRESDEN],
    )
    CounsellingService.objects.create(
        name="Beratung Messestadt (fiktiv)", help_with="Begleitung.", districts=[LEIPZIG]
    )
    CounsellingService.objects.create(
        name="Landesweit (fiktiv)", help_with="Telefonberatung.", districts=[]
    )


def page_of(response) -> str:
    return response.content.decode()


def test_help_page_lists_emergency_numbers_helplines_and_every_service(client, services):
    response = client.get("/de/help/")
    assert response.status_code == 200
    page = page_of(response)
    for line in (*EMERGENCY, *HELPLINES):
        assert f'href="tel:{line.phone_link}"' in page
    assert 'href="tel:110"' in page and 'href="tel:112"' in page
    for name in ("Beratung Elbtal", "Beratung Messestadt", "Landesweit"):
        assert name in page
    assert '<a href="https://elbtal.example" rel="noreferrer" dir="ltr">' in page
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Deutsch , العربية" in text  # languages in their own names


def test_help_page_narrows_to_a_district_without_javascript(client, services):
    page = page_of(client.get("/de/help/", {"district": DRESDEN}))
    assert "Beratung Elbtal" in page and "Landesweit" in page
    assert "Beratung Messestadt" not in page
    assert re.search(rf'<option value="{DRESDEN}" selected>', page)


def test_an_unknown_district_shows_everything(client, services):
    response = client.get("/de/help/", {"district": "00000"})
    assert response.status_code == 200
    assert "Beratung Messestadt" in page_of(response)


def test_every_public_page_links_help_now(client):
    for url in ("/de/", "/ar/report/", "/de/receipt/", "/de/privacy/"):
        language = url.split("/")[1]
        page = page_of(client.get(url))
        assert f'href="/{language}/help/"' in page[page.index("<footer") :]


def test_the_receipt_page_shows_the_chosen_districts_help(client, association_keyring, services):
    response = client.post("/de/report/", form_data(district=DRESDEN))
    page = page_of(response)
    assert "Beratung Elbtal" in page and "Landesweit" in page
    assert "Beratung Messestadt" not in page
    # Links away from the code open in a new tab.
    assert 'href="https://elbtal.example" rel="noreferrer noopener" target="_blank"' in page
    assert 'href="/de/help/" target="_blank" rel="noopener"' in page

    # A wrong confirmation shows the same page, help included.
    token = response.context["confirm_form"].initial["token"]
    again = client.post("/de/report/saved/", {"token": token, "last_four": "x"})
    assert again.status_code == 400
    assert "Beratung Elbtal" in page_of(again) and "Beratung Messestadt" not in page_of(again)


def test_without_a_district_in_saxony_the_receipt_lists_all_of_saxony(
    client, association_keyring, services
):
    page = page_of(client.post("/de/report/", form_data(district="ONLINE")))
    for name in ("Beratung Elbtal", "Beratung Messestadt", "Landesweit"):
        assert name in page


@pytest.mark.parametrize(
    ("areas", "shown"),
    [(["HOUSING"], True), (["WORK"], True), (["GOODS_SERVICES"], True), (["PUBLIC_SPACE"], False)],
)
def test_the_agg_deadline_for_work_housing_and_goods(client, association_keyring, areas, shown):
    page = page_of(client.post("/de/report/", form_data(areas=areas)))
    assert ("innerhalb von 2 Monaten" in page) is shown
    assert ('id="agg-title"' in page) is shown


def test_the_deadline_is_a_setting(client, association_keyring, settings):
    settings.AGG_CLAIM_MONTHS = 3
    page = page_of(client.post("/de/report/", form_data(areas=["WORK"])))
    assert "innerhalb von 3 Monaten" in page


def test_the_status_page_repeats_the_deadline(client, association_keyring):
    response = client.post("/de/report/", form_data(areas=["WORK"]))
    code = "".join(response.context["code_groups"])
    client.post("/de/receipt/", {"code": code})
    assert 'id="agg-title"' in page_of(client.get("/de/receipt/status/"))


def test_the_receipt_token_carries_district_and_deadline():
    token = receipt_token.seal_receipt(
        receipt_token.Receipt(code="1234567812345678", district=DRESDEN, agg_deadline=True)
    )
    opened = receipt_token.open_receipt(token)
    assert (opened.code, opened.district, opened.agg_deadline) == (
        "1234567812345678",
        DRESDEN,
        True,
    )
    assert receipt_token.open_receipt(token[:-4] + "AAAA") is None


def test_administrators_maintain_the_directory(client, make_staff):
    from reporting.vocabulary.roles import Role

    staff_login(client, make_staff(Role.ADMINISTRATOR))
    response = client.post(
        "/admin/reporting/counsellingservice/add/",
        {
            "name": "Neue Beratung (fiktiv)",
            "help_with": "Beratung auf Vietnamesisch.",
            "languages": ["de", "vi"],
            "phone": "0341 000009",
            "website": "neue-beratung.example",
            "address": "",
            "districts": [LEIPZIG],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    service = CounsellingService.objects.get()
    assert service.languages == ["de", "vi"]
    assert service.districts == [LEIPZIG]
    assert service.website == "https://neue-beratung.example"
    assert client.get("/admin/reporting/counsellingservice/").status_code == 200
