"""A wrong method on a public page gets the translated error page, not an empty 405."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("get", "/de/receipt/logout/", "POST"),
        ("put", "/de/report/", "GET, POST"),
        ("delete", "/ar/", "GET"),
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
