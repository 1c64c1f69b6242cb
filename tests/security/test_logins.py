"""Admin sign-in: repeated failures lock the account out, with a page that says so."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    return User.objects.create_user("edith", password=PASSWORD, is_staff=True)


def sign_in(client, password):
    return client.post(LOGIN, {"username": "edith", "password": password, "next": "/admin/"})


def test_repeated_failed_sign_ins_lock_the_account_with_a_clear_message(client, editor):
    for _ in range(2):
        assert sign_in(client, "wrong").status_code == 200  # the form again, with its error
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert "3 in a row" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    assert sign_in(client, PASSWORD).status_code == 429
    assert client.get("/admin/").status_code == 302


def test_a_successful_sign_in_resets_the_count_of_failures(client, editor):
    sign_in(client, "wrong"), sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "wrong"), sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302


def test_failures_from_another_address_do_not_lock_out_the_editor(client, editor):
    for _ in range(3):
        client.post(LOGIN, {"username": "edith", "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_address_behind_a_trusted_proxy_is_the_one_the_proxy_saw(rf, settings):
    from alemkb.security import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "198.51.100.7"  # not the address the client claimed
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("password1")


def test_the_api_grants_no_write_without_an_editor_account(client):
    for url in ["/api/v1/complications/", "/api/v1/cases/", "/api/v1/citations/"]:
        assert client.post(url, {"name": "x"}).status_code in (403, 405)
    assert client.get("/admin/complications/complication/add/").status_code == 302
