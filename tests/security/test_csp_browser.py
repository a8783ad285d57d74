"""In Chromium, the strict CSP blocks nothing the app needs: the sign-in, the home page, a
journey page, the admin and the API docs (Swagger UI from our static files) report no violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import browser_type_launch_args  # noqa: F401 - Debian's Chromium

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_user(transactional_db):
    from helpfirst.team.models import Role, Team, User

    team = Team.objects.create(name="Csp team", slug="csp")
    return User.objects.create_user(
        "cspadmin",
        password="csp-browser-pass-1",
        team=team,
        role=Role.ADMIN,
        is_staff=True,
        is_superuser=True,
    )


def test_pages_run_without_csp_violations(live_server, admin_user, page):
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "cspadmin")
    page.fill("#id_password", "csp-browser-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    for path in ("/", "/accounts/", "/journeys/", "/account/two-factor/", "/admin/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)  # rendered by our static JS
    assert not violations, violations
