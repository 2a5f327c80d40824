"""A wrong method on a public page gets the translated error page, not an empty 405."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("get", "/de/receipt/logout/", "POST"),
        ("put", "/de/report/", "GET, HEAD, POST"),
        ("delete", "/ar/", "GET, HEAD"),
    ],
)
def test_wrong_method_gets_the_translated_page(client, method, path, allow):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == allow
    page = response.content.decode()
    language = path.split("/")[1]
    assert f'lang="{language}"' in page
    assert ("Anfrage abgelehnt" if language == "de" else 'dir="rtl"') in page
    assert "Content-Security-Policy" in response and not response.cookies


def test_head_and_the_api_keep_their_own_answers(client):
    assert client.head("/de/receipt/logout/").content == b""
    api = client.delete("/api/v1/public/reports/")
    assert api.status_code == 405 and api.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "path", ["/de/", "/ar/report/", "/uk/receipt/", "/de/privacy/", "/en/statistics/"]
)
def test_head_on_a_public_page_answers_like_get(client, path):
    """Link checkers, proxies and some browsers' prefetch ask with HEAD first."""
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    for header in ("Content-Type", "Content-Security-Policy", "Referrer-Policy"):
        assert head[header] == get[header]
    assert not head.cookies
