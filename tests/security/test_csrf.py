"""CSRF everywhere: every state-changing page refuses a POST without the token."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.security import crawl, rules

# Pages that take cross-site POSTs by design, with the reason (nothing else may be exempt).
CSRF_EXEMPT = {
    "tracking-collect": "the website beacon posts from the customer's own site (per-site key)",
}


@pytest.mark.django_db
def test_every_page_refuses_a_post_without_csrf_token(crawl_world):
    cw = crawl_world
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(cw.users["manager"])
    problems = []
    for page in crawl.site_pages():
        if page.name not in rules.PAGES or page.name in CSRF_EXEMPT:
            continue
        try:
            families = crawl.page_families(page)
        except LookupError:
            continue
        url = "/" + _fill(
            page.route, {p: crawl.value_of(cw.variants, "rep2", f) for p, f in families.items()}
        )
        response = crawl.send(client, "POST", url, data={"anything": "1"})
        if url.startswith("/api/"):
            continue  # the API's own pages (schema, docs) take no POST; operations below
        if response.status_code != 403:
            problems.append(
                f"POST {url} [{page.name}] without a CSRF token got {response.status_code}"
            )
    assert not problems, "\n".join(problems)


def _fill(route, kwargs):
    import re

    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


@pytest.mark.django_db
def test_sign_in_form_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "rep1", "password": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_api_with_a_session_needs_the_csrf_token_but_a_bearer_token_does_not(world):
    from helpfirst.team.models import ApiToken

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager)
    body = {"name": "Csrf Co", "domain": "csrf.example"}
    response = client.post("/api/accounts", body, content_type="application/json")
    assert response.status_code in (401, 403)
    _, raw = ApiToken.issue(world.manager, "csrf")
    response = Client(enforce_csrf_checks=True).post(
        "/api/accounts",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201
