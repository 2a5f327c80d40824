"""Privacy headers, no cookies before login, no third-party references, no client traces."""

import logging

import pytest
from django.db import connection

from tests.factories import form_data
from tests.markup import assert_nothing_loaded_from_other_hosts, assert_only_the_quick_exit_script

pytestmark = pytest.mark.django_db

PUBLIC_GET_PAGES = [
    "/de/",
    "/ar/",
    "/de/report/",
    "/fa/report/",
    "/ckb/report/",
    "/kmr/",
    "/de/receipt/",
    "/de/privacy/",
    "/ar/impressum/",
]


@pytest.mark.parametrize("url", PUBLIC_GET_PAGES)
def test_public_pages_send_privacy_headers_and_no_cookie(client, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert not response.cookies
    assert_nothing_loaded_from_other_hosts(response.content)
    assert_only_the_quick_exit_script(response.content)
    assert b"style=" not in response.content


@pytest.mark.parametrize(
    ("language", "direction"),
    [("ar", "rtl"), ("fa", "rtl"), ("ckb", "rtl"), ("de", "ltr"), ("uk", "ltr"), ("kmr", "ltr")],
)
def test_direction_follows_the_language(client, language, direction):
    page = client.get(f"/{language}/report/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page


def test_posts_before_login_set_no_cookie(client, association_keyring):
    assert not client.post("/de/report/", form_data()).cookies
    assert not client.post("/de/report/", form_data(grounds=[])).cookies
    assert not client.post("/de/receipt/", {"code": "1234"}).cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"},
    ],
)
@pytest.mark.parametrize(
    "url",
    [
        "/de/report/",
        "/de/receipt/",
        "/de/report/saved/",
        "/de/receipt/status/",
        "/de/receipt/withdraw-contact/",
    ],
)
def test_cross_site_posts_are_refused_with_a_clear_page(client, association_keyring, headers, url):
    response = client.post(url, form_data(), **headers)
    assert response.status_code == 403
    assert response.templates[0].name == "frontend/cross_site.html"


def test_old_browsers_sending_origin_null_are_accepted(client, association_keyring):
    # Old Safari: no Sec-Fetch-Site, and "Origin: null" because of our no-referrer policy.
    assert client.post("/de/report/", form_data(), HTTP_ORIGIN="null").status_code == 200


def test_reporter_messages_are_rate_limited(client, association_keyring, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_message": (1, 3600)}
    code = "".join(client.post("/de/report/", form_data()).context["code_groups"])
    client.post("/de/receipt/", {"code": code})
    assert client.post("/de/receipt/status/", {"body": "eins"}).status_code == 302
    response = client.post("/de/receipt/status/", {"body": "zwei bleibt erhalten"})
    assert response.status_code == 400
    assert "zwei bleibt erhalten" in response.content.decode()


def test_client_hash_buckets_networks_not_addresses():
    from web.client_privacy import client_network

    assert client_network("2001:db8:1:2:3:4:5:6") == client_network("2001:db8:1:2:ffff::1")
    assert client_network("2001:db8:1:3::1") != client_network("2001:db8:1:2::1")
    assert client_network("192.0.2.7") == "192.0.2.7"


def test_same_origin_posts_are_accepted(client, association_keyring):
    response = client.post(
        "/de/report/",
        form_data(),
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 200


def _database_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    chunks.append(str(value))
    return "\n".join(chunks)


def test_client_address_and_browser_leave_no_trace(
    client, association_keyring, caplog, settings, capsys
):
    settings.TRUSTED_PROXY_COUNT = 1
    address, agent = "203.0.113.77", "DistinctiveAgent/9.9 (Privacy-Probe)"
    referer = "https://referer.example/secret-path"
    meta = {
        "HTTP_X_FORWARDED_FOR": address,
        "HTTP_USER_AGENT": agent,
        "HTTP_REFERER": referer,
        "REMOTE_ADDR": address,
    }
    caplog.set_level(logging.DEBUG)
    response = client.post("/de/report/", form_data(), **meta)
    code = "".join(response.context["code_groups"])
    client.post("/de/report/", form_data(grounds=[]), **meta)
    client.post("/de/receipt/", {"code": "0000000000000000"}, **meta)
    client.post("/de/receipt/", {"code": code}, **meta)
    client.post("/de/receipt/status/", {"body": "Nachtrag"}, **meta)
    client.get("/de/does-not-exist/", **meta)
    client.post("/api/v1/public/reports/", "{bad json", content_type="application/json", **meta)
    captured = capsys.readouterr()
    logs = caplog.text + captured.out + captured.err
    stored = _database_text()
    for trace in (address, agent, referer, "Privacy-Probe"):
        assert trace not in logs
        assert trace not in stored


@pytest.mark.parametrize(
    ("path", "policy"),
    [
        ("/de/report/", "no-referrer"),
        ("/api/v1/public/taxonomy/", "no-referrer"),
        ("/de/office/login/", "same-origin"),
        ("/admin/login/", "same-origin"),
        ("/api/v1/me/", "same-origin"),
    ],
)
def test_referrer_policy_public_vs_staff(client, path, policy):
    # Staff forms need the real Origin for Django's CSRF check; public pages send nothing.
    assert client.get(path)["Referrer-Policy"] == policy


@pytest.mark.parametrize(
    "markup",
    [
        b'<link rel="stylesheet" href="https://cdn.example/site.css">',
        b'<img src="//tracker.example/pixel.gif">',
        b'<form action="https://evil.example/">',
        b'<a href="https://elsewhere.example/">',
    ],
)
def test_the_other_host_check_is_not_vacuous(markup):
    with pytest.raises(AssertionError):
        assert_nothing_loaded_from_other_hosts(markup)
