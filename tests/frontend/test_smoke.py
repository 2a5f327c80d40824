import pytest


@pytest.mark.django_db
def test_landing_redirects_to_a_language_and_renders(client):
    response = client.get("/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert not response.cookies
