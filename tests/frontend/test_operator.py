"""Who runs the service comes from configuration and is named on every public page."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from frontend.public import views
from reporting.models import Organisation
from tests.factories import form_data

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
PUBLIC_PAGES = ["/de/", "/ar/report/", "/de/receipt/", "/uk/privacy/", "/de/statistics/"]
SUCCESSOR = {
    "name": "Nachfolgeverein Gleichbehandlung e. V. (fiktiv)",
    "address": "Ersatzgasse 3, 04109 Leipzig",
    "email": "post@nachfolger.example",
    "phone": "0341 111111",
    "counselling_team": "Beratungsstelle Nachfolge (fiktiv)",
}


@pytest.fixture
def successor(settings, monkeypatch):
    """Another operator; the per-process cache of the empty form must not hide it."""
    settings.OPERATOR = {**settings.OPERATOR, **SUCCESSOR}
    monkeypatch.setattr(views, "_EMPTY_FORM_PAGES", {})
    return settings.OPERATOR


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_names_the_configured_operator(client, successor, url):
    page = client.get(url).content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    for value in SUCCESSOR.values():
        if value != SUCCESSOR["counselling_team"]:
            assert value in footer
    assert 'href="mailto:post@nachfolger.example"' in footer


def test_the_receipt_page_names_the_operator_too(client, association_keyring, successor):
    page = client.post("/de/report/", form_data()).content.decode()
    assert SUCCESSOR["name"] in page[page.index("<footer") :]


def test_reporters_are_told_which_team_reads_their_report(client, successor):
    assert SUCCESSOR["counselling_team"] in client.get("/de/").content.decode()


def test_without_an_operator_the_footer_names_nobody(client, settings, monkeypatch):
    settings.OPERATOR = dict.fromkeys(settings.OPERATOR, "")
    page = client.get("/de/").content.decode()
    assert 'class="operator"' not in page


def test_no_organisation_is_named_in_code_templates_or_catalogues():
    demo_name = settings.DEMO_OPERATOR["name"]
    checked = [
        path
        for folder in ("frontend", "reporting", "api", "web", "config", "locale", "docs")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".po", ".md", ".txt"}
    ]
    assert len(checked) > 100
    for path in checked:
        text = path.read_text()
        assert "Dachverband" not in text, path
        if path != ROOT / "config" / "settings.py":
            assert demo_name not in text, f"{path} names the demo operator"


def test_keys_init_names_the_association_after_the_operator(settings, monkeypatch):
    from reporting.services import keys
    from tests.factories import FAST_KDF

    monkeypatch.setattr(keys, "RECOVERY_KDF", FAST_KDF)
    settings.OPERATOR = {**settings.OPERATOR, "name": ""}
    with pytest.raises(CommandError, match="MELDESTELLE_OPERATOR_NAME"):
        call_command("keys", "init")
    settings.OPERATOR = {**settings.OPERATOR, **SUCCESSOR}
    call_command("keys", "init")
    association = Organisation.objects.get(kind=Organisation.Kind.ASSOCIATION)
    assert association.name == SUCCESSOR["name"]


def test_debug_without_configuration_shows_the_fictional_operator(monkeypatch):
    """`make run`: DEBUG and no MELDESTELLE_OPERATOR_* variable give the demo operator."""
    import importlib

    import config.settings

    monkeypatch.setenv("DJANGO_DEBUG", "1")
    monkeypatch.setenv("MELDESTELLE_OPERATOR_EMAIL", "own@operator.example")
    try:
        reloaded = importlib.reload(config.settings)
        assert reloaded.OPERATOR["name"] == reloaded.DEMO_OPERATOR["name"]
        assert reloaded.OPERATOR["email"] == "own@operator.example"
        monkeypatch.setenv("DJANGO_DEBUG", "0")
        reloaded = importlib.reload(config.settings)
        assert reloaded.OPERATOR["name"] == ""
        assert reloaded.OPERATOR["email"] == "own@operator.example"
    finally:
        monkeypatch.undo()
        importlib.reload(config.settings)


def test_the_footer_says_each_thing_once(client):
    page = client.get("/de/").content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert footer.count("IP-Adresse") == 1
    assert footer.count('class="operator"') == 1
