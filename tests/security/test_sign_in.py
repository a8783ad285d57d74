"""Sign-in: lockout after repeated failures (per username and per address), admin unlock,
two-factor with TOTP codes computed by pyotp, session expiry, password policy."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.test import Client, override_settings

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_five_failures_lock_the_username_out_with_a_clear_message(world):
    client = Client()
    for _ in range(4):
        assert _sign_in(client, "rep1", "wrong-password").status_code == 200
    response = _sign_in(client, "rep1", "wrong-password")
    assert "Too many failed sign-ins for this username" in response.content.decode()
    # Now even the right password is refused, from any address, until the lockout ends.
    response = _sign_in(Client(REMOTE_ADDR="10.9.9.9"), "rep1", PASSWORD)
    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Other users are not affected.
    assert _sign_in(Client(), "rep2", PASSWORD).status_code == 302


def test_lockout_ends_after_the_window_and_success_clears_failures(world):
    from django.utils import timezone

    from helpfirst.team.models import LoginFailure

    for _ in range(5):
        _sign_in(Client(), "rep1", "nope")
    LoginFailure.objects.update(failed_at=timezone.now() - timezone.timedelta(minutes=16))
    assert _sign_in(Client(), "rep1", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="rep1").exists()


@override_settings(HELPFIRST_LOGIN_IP_FAILURE_LIMIT=6)
def test_one_address_trying_many_usernames_is_locked_out(world):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for name in ("a", "b", "c", "d", "e", "f"):
        _sign_in(client, name, "guess")
    response = _sign_in(client, "rep2", PASSWORD)
    assert response.status_code == 429
    assert "from this address" in response.content.decode()
    assert _sign_in(Client(REMOTE_ADDR="198.51.100.1"), "rep2", PASSWORD).status_code == 302


def test_admin_unlocks_a_user(world):
    from helpfirst.team import lockout

    for _ in range(5):
        _sign_in(Client(), "rep1", "nope")
    assert lockout.current_lockout("rep1", "127.0.0.1") is not None
    world.manager.is_staff = world.manager.is_superuser = True
    world.manager.save()
    admin = Client()
    admin.force_login(world.manager)
    response = admin.post(
        "/admin/team/user/",
        {"action": "unlock_sign_in", "_selected_action": [world.rep1.pk]},
        follow=True,
    )
    assert "Unlocked 1 user" in response.content.decode()
    assert lockout.current_lockout("rep1", "127.0.0.1") is None
    assert _sign_in(Client(), "rep1", PASSWORD).status_code == 302


def test_admin_login_goes_through_our_sign_in_page():
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _enrol(client, user) -> tuple[str, list[str]]:
    page = client.get("/account/two-factor/")
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code, as an SVG data URI
    secret = client.session["hf_2fa_secret"]
    assert secret in html
    wrong = client.post("/account/two-factor/", {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 400
    response = client.post(
        "/account/two-factor/", {"action": "confirm", "code": pyotp.TOTP(secret).now()}
    )
    assert response.status_code == 200
    codes = response.context["recovery_codes"]
    assert len(codes) == 10
    return secret, codes


def test_two_factor_enrol_then_sign_in_asks_for_the_code(world):
    from helpfirst.team.models import TwoFactor

    client = Client()
    client.force_login(world.manager)
    secret, codes = _enrol(client, world.manager)
    device = TwoFactor.objects.get(user=world.manager)
    assert device.is_active
    assert all(code not in str(device.recovery_code_hashes) for code in codes)  # hashed

    fresh = Client()
    response = _sign_in(fresh, "manager", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in fresh.session  # not signed in before the code
    assert fresh.get("/").status_code == 302
    bad = fresh.post("/accounts/login/code/", {"code": "123456"})
    assert bad.status_code == 400
    # A code for the next time step (the current one was used to enrol: no replays).
    code = pyotp.TOTP(secret).at(time.time() + 30)
    good = fresh.post("/accounts/login/code/", {"code": code})
    assert good.status_code == 302
    assert fresh.get("/").status_code == 200
    # The same code does not work twice.
    again = Client()
    _sign_in(again, "manager", PASSWORD)
    assert again.post("/accounts/login/code/", {"code": code}).status_code == 400


def test_recovery_code_works_once(world):
    client = Client()
    client.force_login(world.manager)
    _secret, codes = _enrol(client, world.manager)
    first = Client()
    _sign_in(first, "manager", PASSWORD)
    assert first.post("/accounts/login/code/", {"code": codes[0]}).status_code == 302
    second = Client()
    _sign_in(second, "manager", PASSWORD)
    assert second.post("/accounts/login/code/", {"code": codes[0]}).status_code == 400


def test_code_page_without_the_password_step_sends_you_back():
    response = Client().post("/accounts/login/code/", {"code": "123456"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


@override_settings(HELPFIRST_SESSION_IDLE_MINUTES=30, HELPFIRST_SESSION_MAX_HOURS=8)
def test_sessions_expire_when_idle_and_after_the_maximum(world):
    from helpfirst.team.sessions import SEEN, STARTED

    client = Client()
    assert _sign_in(client, "rep1", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    session = client.session
    session[SEEN] = int(time.time()) - 31 * 60
    session.save()
    assert client.get("/").status_code == 302  # idle too long: signed out

    assert _sign_in(client, "rep1", PASSWORD).status_code == 302
    session = client.session
    session[STARTED] = int(time.time()) - 9 * 3600
    session.save()
    response = client.get("/api/accounts")
    assert response.status_code == 401  # too old, however active


def test_cookies_are_http_only_and_same_site(world):
    client = Client()
    response = _sign_in(client, "rep1", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_password_policy_needs_twelve_characters(world):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Short-pw-1", world.rep1)
    with pytest.raises(ValidationError):
        validate_password("password1234", world.rep1)  # too common
    validate_password("plum-orbit-canvas-42", world.rep1)


def test_admin_refuses_a_weak_password(world):
    world.manager.is_staff = world.manager.is_superuser = True
    world.manager.save()
    admin = Client()
    admin.force_login(world.manager)
    response = admin.post(
        "/admin/team/user/add/",
        {
            "username": "weak",
            "password1": "short1",
            "password2": "short1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
