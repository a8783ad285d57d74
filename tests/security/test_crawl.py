"""The security crawl: every page and API operation, as anonymous, each role and team B's user.

For each requester it sends GET and a state-changing request to every URL pattern (path
parameters filled with rep1's, rep2's or team B's objects) and every API operation (bodies built
from the OpenAPI schema, referring to the same objects), each in a savepoint that is rolled back.
It asserts: sign-in demanded except on the public allow-list, nobody reaches another team's
objects (404), reps reach neither a colleague's journeys and what hangs off them nor
manager-only pages, no answer shows another team's or a colleague's data, every answer carries
the Content-Security-Policy, and nothing answers 500. Rules: tests/security/rules.py.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.security import crawl, rules
from tests.security.conftest import (
    INTERNAL_ONLY,
    REP1_ONLY,
    REP2_ONLY,
    TEAM_A_MARKERS,
    TEAM_B_MARKERS,
)
from tests.security.csp_check import inline_violations

REQUESTERS = ["anon", "outsider", "rep1", "rep2", "manager", "admin"]


def _forbidden_markers(requester: str) -> tuple[str, ...]:
    if requester == "outsider":
        return TEAM_A_MARKERS
    if requester == "rep1":
        return TEAM_B_MARKERS + REP2_ONLY
    if requester == "rep2":
        return TEAM_B_MARKERS + REP1_ONLY
    if requester in ("manager", "admin"):
        return TEAM_B_MARKERS
    # Anonymous: public pages are asked about rep1's objects (the buyer link shows rep1's plan
    # to the buyer) and never show a colleague's, another team's or internal notes.
    return TEAM_B_MARKERS + REP2_ONLY + INTERNAL_ONLY


def _check_body(
    response, requester: str, label: str, finding: crawl.Finding, *, public: bool = False
) -> None:
    if response.status_code != 200 or getattr(response, "streaming", False):
        return
    kind = response.get("Content-Type", "")
    if not kind.startswith(("text/", "application/json")):
        return
    text = response.content.decode("utf-8", "replace")
    # A public URL's object is chosen by its token (a buyer link shows that plan to whoever
    # holds it): there only internal notes must never show.
    markers = INTERNAL_ONLY if public else _forbidden_markers(requester)
    shown = crawl.leaked(text, markers)
    if shown:
        finding.add(f"{label}: shows data it must not: {shown}")
    if kind.startswith("text/html") and requester in ("manager", "admin", "anon", "rep1"):
        for problem in inline_violations(text):
            finding.add(f"{label}: CSP-breaking markup: {problem}")


def test_every_url_has_a_rule():
    """Fail early, with what to declare, when a URL pattern or API operation has no rule."""
    from helpfirst.site.api import api

    missing = [p.name for p in crawl.site_pages() if p.name not in rules.PAGES]
    schema = api.get_openapi_schema()
    missing_api = [o.key for o in crawl.api_operations(schema) if o.key not in rules.API]
    problems = []
    for page in crawl.site_pages():
        try:
            crawl.page_families(page)
        except LookupError as error:
            problems.append(str(error))
        if rules.PAGES.get(page.name) == "public" and page.name not in rules.PUBLIC_PAGES:
            problems.append(f"{page.name}: public but not in PUBLIC_PAGES with a reason")
    for op in crawl.api_operations(schema):
        try:
            crawl.op_families(op)
        except LookupError as error:
            problems.append(str(error))
        if op.public and op.key not in rules.PUBLIC_API:
            problems.append(f"{op.key}: needs no authentication but is not in PUBLIC_API")
    assert not missing, (
        f"URL names without a rule: {missing}. Add each to PAGES in tests/security/rules.py "
        "as 'public' (and PUBLIC_PAGES with a reason), 'member', 'manager', 'admin' or "
        "'READ/WRITE' such as 'member/manager'."
    )
    assert not missing_api, (
        f"API operations without a rule: {missing_api}. Add each to API in "
        "tests/security/rules.py ('public' also needs PUBLIC_API with a reason)."
    )
    assert not problems, "\n".join(problems)
    stale = set(rules.PAGES) - {p.name for p in crawl.site_pages()}
    stale_api = set(rules.API) - {o.key for o in crawl.api_operations(schema)}
    assert not (stale | stale_api), f"rules for URLs that no longer exist: {stale | stale_api}"


def _client(requester: str, cw) -> Client:
    client = Client(raise_request_exception=False)
    if requester != "anon":
        client.force_login(cw.users[requester])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("requester", REQUESTERS)
def test_pages_keep_out_who_does_not_belong(crawl_world, requester):
    cw = crawl_world
    client = _client(requester, cw)
    finding = crawl.Finding()
    for page in crawl.site_pages():
        rule = rules.PAGES.get(page.name)
        if rule is None:
            continue  # test_every_url_has_a_rule names it
        try:
            families = crawl.page_families(page)
        except LookupError:
            continue
        plan = crawl.PLAN[requester] if families else [("rep1", ("GET", "POST"))]
        for variant, methods in plan:
            kwargs = {p: crawl.value_of(cw.variants, variant, fam) for p, fam in families.items()}
            url = "/" + _fill(page.route, kwargs)
            # Lists are also searched for the marker words (search must be scoped too).
            asks = [(m, url) for m in methods]
            if not families and requester != "anon":
                asks.append(("GET", url + "?q=qx&search=qx&owner=" + str(cw.users["rep2"].pk)))
            for method, url in asks:
                level = rules.level_for(rule, method)
                expected = crawl.expectation(level, requester, variant, set(families.values()))
                label = f"{requester} {method} {url} [{page.name}, {variant}'s]"
                response = crawl.send(client, method, url)
                crawl.judge(
                    response,
                    expected,
                    api=False,
                    label=label,
                    finding=finding,
                    extra_ok=rules.EXTRA_OK.get((page.name, method), ()),
                )
                _check_body(response, requester, label, finding, public=level == "public")
    assert not finding.problems, "\n".join(finding.problems)


def _fill(route: str, kwargs: dict) -> str:
    import re

    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


@pytest.mark.django_db
@pytest.mark.parametrize("requester", REQUESTERS)
def test_api_keeps_out_who_does_not_belong(crawl_world, requester):
    from helpfirst.site.api import api

    cw = crawl_world
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    client = Client(raise_request_exception=False)
    headers = {} if requester == "anon" else {"Authorization": f"Bearer {cw.tokens[requester]}"}
    finding = crawl.Finding()
    for op in crawl.api_operations(schema):
        rule = rules.API.get(op.key)
        if rule is None:
            continue
        try:
            families = crawl.op_families(op)
        except LookupError:
            continue
        level = rules.level_for(rule, op.method)
        for variant, methods in crawl.PLAN[requester]:
            if op.method not in ("GET",) and "POST" not in methods:
                continue
            if op.method == "GET" and "GET" not in methods:
                continue

            def ref(name, variant=variant, in_body=False):
                family = rules.API_PARAM_FAMILIES.get(name)
                if family is None or family == "webhook_key":
                    return None
                if in_body and family == "owner":
                    return None  # a rep's owner_id is replaced by themself; not a reference
                return crawl.value_of(cw.variants, variant, family)

            path = op.path
            for param, family in families.items():
                path = path.replace(
                    "{" + param + "}", str(crawl.value_of(cw.variants, variant, family))
                )
            query = {q: ref(q) for q in op.query_params if ref(q) is not None}
            body = (
                crawl.example_body(op.body_schema, components, lambda n, r=ref: r(n, in_body=True))
                if op.body_schema is not None
                else None
            )
            expected = crawl.expectation(level, requester, variant, set(families.values()))
            foreign = requester != "anon" and _foreign_ref(requester, variant)
            if expected == "allowed" and foreign and op.method == "GET" and query:
                expected = "filtered"  # a filter on someone else's object: empty, or refused
            elif expected == "allowed" and foreign and op.method != "GET" and _refers(body):
                expected = "refused"
            if expected == "allowed" and crawl.MISSING_ID in [
                crawl.value_of(cw.variants, variant, f) for f in families.values()
            ]:
                expected = "absent"  # the fixture has no such object yet
            url = path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
            label = f"{requester} {op.key} -> {url} [{variant}'s]"
            response = crawl.send(
                client,
                op.method,
                url,
                json_body=body if body is not None else ({} if op.method != "GET" else None),
                headers=headers,
            )
            if (
                expected == "refused"
                and op.key in rules.REFUSED_IN_BODY
                and response.status_code == 200
            ):
                if not rules.REFUSED_IN_BODY[op.key](response.json()):
                    finding.add(f"{label}: stored a write referring to an object not theirs")
                continue
            crawl.judge(
                response,
                expected,
                api=True,
                label=label,
                finding=finding,
                extra_ok=rules.EXTRA_OK.get((op.key, op.method), ()),
            )
            _check_body(response, requester, label, finding)
    assert not finding.problems, "\n".join(finding.problems)


def _refers(body) -> bool:
    return isinstance(body, (dict, list)) and "_id" in str(body)


def _foreign_ref(requester: str, variant: str) -> bool:
    """Whether objects of ``variant`` are not the requester's to write to."""
    if crawl.TEAM_OF[variant] != crawl.TEAM_OF[requester]:
        return True
    return requester in ("rep1", "rep2") and variant != requester
