"""The strict Content-Security-Policy: sent on every response, and templates that keep to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from helpfirst.site.security import CONTENT_SECURITY_POLICY
from tests.security.csp_check import inline_violations

REPO = Path(__file__).resolve().parents[2]

# Templates allowed to break the rule, with the reason.
EXEMPT_TEMPLATES = {
    "success/templates/success/business_case_document.html": (
        "inlines its print CSS only when rendered into the PDF by headless Chromium "
        "(never served to a browser); served pages link the stylesheet"
    ),
}


def test_policy_is_strict():
    policy = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY


def test_templates_have_no_inline_script_handler_or_style():
    problems = []
    for path in sorted((REPO / "helpfirst").glob("**/templates/**/*.html")):
        relative = str(path.relative_to(REPO / "helpfirst"))
        if relative in EXEMPT_TEMPLATES:
            continue
        for problem in inline_violations(path.read_text(encoding="utf-8")):
            problems.append(f"{relative}: {problem}")
    assert not problems, (
        "Templates breaking the Content-Security-Policy (move scripts to static .js files, "
        "handlers to addEventListener, styles to CSS classes):\n" + "\n".join(problems)
    )


def test_checker_finds_what_it_must():
    bad = (
        '<script>alert(1)</script><a href="javascript:x()">x</a><b onclick="x()">'
        '<p style="color:red"><style>p{}</style>'
    )
    found = " ".join(inline_violations(bad))
    for word in ("inline <script>", "javascript:", "onclick", "style=", "<style>"):
        assert word in found
    ok = '<script src="/static/a.js" defer></script><script type="application/json">{}</script>'
    assert inline_violations(ok) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/static/web/app.css", "/api/openapi.json", "/nowhere/"]
)
def test_header_on_every_kind_of_response(path):
    response = Client().get(path)
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.django_db
def test_admin_and_api_docs_work_under_the_same_policy(world):
    """The admin and the API docs (Swagger UI from our own static files, no CDN) need no
    relaxed policy: neither has inline scripts; the docs page's settings are a JSON block."""
    world.manager.is_staff = True
    world.manager.is_superuser = True
    world.manager.save()
    client = Client()
    client.force_login(world.manager)
    for path in ("/admin/", "/admin/team/user/", "/api/docs"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        html = response.content.decode()
        assert "cdn." not in html, f"{path} loads assets from a CDN"
        scripts = [v for v in inline_violations(html) if "script" in v or "handler" in v]
        assert not scripts, (path, scripts)
