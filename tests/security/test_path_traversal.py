"""Path traversal: attachment downloads take a UUID and nothing else; static files stay
inside the static directories; nothing under /media/ and never the database is served.
"""

import pytest

from tests.security.conftest import body_of, missing_uuid

pytestmark = pytest.mark.django_db

SECRETS_ON_DISK = ("SECRET_KEY", "root:x:0:0", "SQLite format", "[core]", "DJANGO_", "import ")

ATTACHMENT_PATHS = {
    "dot_dot": "/de/office/attachments/../../../../etc/passwd",
    "dot_dot_slash_end": "/de/office/attachments/../../config/settings.py/",
    "encoded_slash": "/de/office/attachments/..%2f..%2f..%2fetc%2fpasswd/",
    "encoded_dots": "/de/office/attachments/%2e%2e/%2e%2e/etc/passwd/",
    "double_encoded": "/de/office/attachments/%252e%252e%252f%252e%252e%252fetc%252fpasswd/",
    "overlong_utf8": "/de/office/attachments/%c0%ae%c0%ae%c0%af%c0%ae%c0%aeetc/passwd/",
    "backslashes": "/de/office/attachments/..%5c..%5cconfig%5csettings.py/",
    "after_uuid": "/de/office/attachments/{uuid}/../../../config/settings.py",
    "encoded_after_uuid": "/de/office/attachments/{uuid}%2f..%2f..%2fconfig%2fsettings.py/",
    "nul_after_uuid": "/de/office/attachments/{uuid}%00/",
    "uppercase_uuid": "/de/office/attachments/{upper}/",
    "uuid_without_dashes": "/de/office/attachments/{hex}/",
    "unknown_uuid": "/de/office/attachments/{missing}/",
    "absolute_path": "/de/office/attachments//etc/passwd/",
}


def fill(path: str, world) -> str:
    attachment = world.attachment_x
    return path.format(
        uuid=attachment.pk,
        upper=str(attachment.pk).upper(),
        hex=attachment.pk.hex,
        missing=missing_uuid(),
    )


@pytest.mark.parametrize("name", list(ATTACHMENT_PATHS))
def test_attachment_download_paths(world, name):
    response = world.client("caseworker").get(fill(ATTACHMENT_PATHS[name], world))
    assert response.status_code == 404
    text = body_of(response)
    assert not [s for s in SECRETS_ON_DISK if s in text]


def test_the_attachment_itself_downloads(world):
    """Positive control: the same client does get the file by its UUID."""
    response = world.client("caseworker").get(f"/de/office/attachments/{world.attachment_x.pk}/")
    assert response.status_code == 200
    assert response.content.startswith(b"\x89PNG")


STATIC_PATHS = {
    "dot_dot": "/static/../config/settings.py",
    "dot_dot_in_app": "/static/frontend/../../config/settings.py",
    "dot_dot_manage": "/static/../manage.py",
    "encoded_dots": "/static/%2e%2e/config/settings.py",
    "encoded_slash": "/static/..%2fconfig%2fsettings.py",
    "double_encoded": "/static/%252e%252e/config/settings.py",
    "backslashes": "/static/frontend/..%5c..%5c..%5cconfig%5csettings.py",
    "nul_suffix": "/static/frontend/site.css%00.py",
    "absolute": "/static//etc/passwd",
    "directory_listing": "/static/frontend/",
    "database": "/static/../var/db.sqlite3",
    "git": "/static/../.git/config",
    "media_sealed_files": "/media/attachments/",
    "var_media": "/var/media/",
    "root_database": "/var/db.sqlite3",
    "root_git": "/.git/config",
}


@pytest.mark.parametrize("name", list(STATIC_PATHS))
def test_static_paths(client, name, db):
    response = client.get(STATIC_PATHS[name])
    assert response.status_code == 404
    text = body_of(response)
    assert not [s for s in SECRETS_ON_DISK if s in text]


def test_static_file_itself_is_served(client, db):
    response = client.get("/static/frontend/site.css")
    assert response.status_code == 200
