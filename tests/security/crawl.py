"""The machinery of the security crawl: enumerate pages and API operations, fill parameters,
send requests in a savepoint that is rolled back, and judge the answers.

The rules (who may do what on which URL) live in tests/security/rules.py; this module only
applies them, so a new URL pattern or API operation without a rule fails with a message.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.rules import (
    API_PARAM_FAMILIES,
    PAGE_PARAM_FAMILIES,
    PK_FAMILY_BY_SEGMENT,
    SCOPED_FAMILIES,
)

# Who asks, which variants of the objects they ask about, and with which methods.
PLAN: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "anon": [("rep1", ("GET", "POST"))],
    "outsider": [("rep1", ("GET", "POST")), ("b", ("GET",))],
    "rep1": [("rep1", ("GET", "POST")), ("rep2", ("GET", "POST"))],
    "rep2": [("rep1", ("GET",))],  # the mirror of rep1's reads
    "manager": [("rep2", ("GET", "POST")), ("b", ("GET",))],
    "admin": [("rep1", ("GET",))],  # writes as the manager's
}
TEAM_OF = {"rep1": "a", "rep2": "a", "manager": "a", "admin": "a", "outsider": "b", "b": "b"}
MISSING_ID = 987_654_321


@dataclass(frozen=True)
class Page:
    """One URL pattern of the site (not the admin, not an API operation)."""

    name: str
    route: str  # e.g. "journeys/<int:pk>/plan/steps/<int:step_id>/"
    params: tuple[str, ...]


@dataclass(frozen=True)
class Operation:
    """One API operation from the OpenAPI schema."""

    key: str  # "GET /api/journeys/{journey_id}"
    method: str
    path: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    body_schema: dict | None
    public: bool


@dataclass
class Finding:
    problems: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.problems.append(message)


def site_pages() -> list[Page]:
    """Every named URL pattern outside the admin and the ninja operations."""
    pages: list[Page] = []

    def walk(resolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                route = prefix + str(entry.pattern)
                if entry.app_name == "admin" or route.startswith("admin/"):
                    continue
                walk(entry, route, ns if entry.namespace is None else entry.namespace)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                callback = entry.callback
                if getattr(callback, "__module__", "").startswith("ninja.operation"):
                    continue  # an API operation: crawled from the OpenAPI schema
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
                pages.append(Page(name=name or route, route=route, params=params))

    walk(get_resolver(), "", "")
    return pages


def api_operations(schema: dict) -> list[Operation]:
    ops = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            params = op.get("parameters", [])
            body = None
            if "requestBody" in op:
                content = op["requestBody"].get("content", {})
                body = (content.get("application/json") or next(iter(content.values())))["schema"]
            ops.append(
                Operation(
                    key=f"{method.upper()} {path}",
                    method=method.upper(),
                    path=path,
                    path_params=tuple(p["name"] for p in params if p["in"] == "path"),
                    query_params=tuple(p["name"] for p in params if p["in"] == "query"),
                    body_schema=body,
                    public=not op.get("security"),
                )
            )
    return ops


def page_families(page: Page) -> dict[str, str]:
    """Map each parameter of a page to the kind of object that fills it (or raise)."""
    families = {}
    for param in page.params:
        if param == "pk":
            segments = [s for s in page.route.split("/") if s]
            index = next(i for i, s in enumerate(segments) if "<" in s and "pk>" in s)
            segment = segments[index - 1] if index else ""
            family = PK_FAMILY_BY_SEGMENT.get(segment)
        else:
            family = PAGE_PARAM_FAMILIES.get(page.name, {}).get(param) or PAGE_PARAM_FAMILIES.get(
                "*", {}
            ).get(param)
        if family is None:
            raise LookupError(
                f"URL {page.name!r} ({page.route}): no object kind known for parameter "
                f"{param!r}. Declare it in tests/security/rules.py (PK_FAMILY_BY_SEGMENT for a "
                f"`<pk>` after a path segment, PAGE_PARAM_FAMILIES for a named parameter)."
            )
        families[param] = family
    return families


def op_families(op: Operation) -> dict[str, str]:
    families = {}
    for param in op.path_params:
        family = API_PARAM_FAMILIES.get(param)
        if family is None:
            raise LookupError(
                f"API {op.key}: no object kind known for path parameter {param!r}; declare it "
                "in API_PARAM_FAMILIES in tests/security/rules.py."
            )
        families[param] = family
    return families


def value_of(variants: dict, variant: str, family: str):
    """The id (or token) of the variant's object of this family, or an id nothing has."""
    obj = variants[variant].get(family)
    if obj is None:
        return MISSING_ID
    return obj if isinstance(obj, str) else obj.pk


ROLE_OF = {"rep1": "rep", "rep2": "rep", "outsider": "rep", "manager": "manager", "admin": "admin"}
RANK = {"member": 0, "rep": 0, "manager": 1, "admin": 2}


def expectation(level: str, requester: str, variant: str, families: set[str]) -> str:
    """What should happen: public, login, missing (404), forbidden (403/404) or allowed."""
    if level == "public":
        return "public"
    if requester == "anon":
        return "login"
    if RANK[ROLE_OF[requester]] < RANK[level]:
        return "forbidden"  # the role may not use this URL at all, whoever's the object
    if families and TEAM_OF[variant] != TEAM_OF[requester]:
        return "missing"
    if (
        ROLE_OF[requester] == "rep"
        and variant in ("rep1", "rep2")
        and variant != requester
        and families & SCOPED_FAMILIES
    ):
        return "missing"
    return "allowed"


def judge(response, expected: str, *, api: bool, label: str, finding: Finding, extra_ok=()) -> None:
    status = response.status_code
    location = response.get("Location", "") or ""
    to_login = status == 302 and location.startswith("/accounts/login/")
    if status >= 500:
        finding.add(f"{label}: {status} server error")
        return
    if "Content-Security-Policy" not in response.headers:
        finding.add(f"{label}: no Content-Security-Policy header")
    if status in extra_ok:
        return
    if expected == "login":
        ok = status == 401 if api else to_login
        if not ok:
            finding.add(f"{label}: anonymous got {status} {location}, not a sign-in demand")
    elif expected == "public":
        if api:
            return  # a public operation may refuse a bad signature with 401 itself
        if to_login or status == 401:
            finding.add(f"{label}: public URL demanded sign-in ({status})")
    elif expected == "missing":
        if status not in (404, 405):
            finding.add(f"{label}: expected 404 (not yours), got {status} {location}")
    elif expected == "forbidden":
        if status not in (403, 404, 405):
            finding.add(f"{label}: expected 403 for this role, got {status} {location}")
    elif expected == "filtered":
        if status == 401 or to_login:
            finding.add(f"{label}: signed-in user got {status}")
    elif expected == "absent":
        if status in (401, 403) or to_login:
            finding.add(f"{label}: allowed role got {status} (no such object in the fixture)")
    elif expected == "refused":
        if status not in (400, 403, 404, 405, 409, 422):
            finding.add(f"{label}: write referring to an object not theirs got {status}")
    elif expected == "allowed" and (status in (401, 403, 404) or to_login):
        finding.add(f"{label}: allowed role got {status} {location}")


def send(client: Client, method: str, url: str, *, data=None, json_body=None, headers=None):
    """Send one request inside a savepoint that is rolled back (the fixture stays pristine)."""
    headers = headers or {}
    cookies = {key: morsel.value for key, morsel in client.cookies.items()}
    with transaction.atomic():
        if json_body is not None:
            response = client.generic(
                method,
                url,
                data=json.dumps(json_body),
                content_type="application/json",
                headers=headers,
            )
        elif method == "GET":
            response = client.get(url, data or {}, headers=headers)
        else:
            response = client.generic(
                method,
                url,
                data=urlencode(data or {}),
                content_type="application/x-www-form-urlencoded",
                headers=headers,
            )
        transaction.set_rollback(True)
    for key, value in cookies.items():  # undo a sign-out or session change by the request
        client.cookies[key] = value
    return response


def leaked(text: str, markers: tuple[str, ...]) -> list[str]:
    return [m for m in markers if m in text]


def example_body(schema: dict, components: dict, fill_ref) -> object:
    """A small valid-looking JSON value for a schema; ``*_id`` fields come from ``fill_ref``."""

    def resolve(node: dict) -> dict:
        while "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[-1]]
        return node

    def build(node: dict, name: str = "", depth: int = 0):
        node = resolve(node)
        if depth > 6:
            return None
        if name:
            ref = fill_ref(name)
            if ref is not None:
                return ref
        for key in ("anyOf", "oneOf"):
            if key in node:
                options = [o for o in node[key] if resolve(o).get("type") != "null"]
                return build(options[0], name, depth + 1) if options else None
        if "allOf" in node:
            return build(node["allOf"][0], name, depth + 1)
        if "const" in node:
            return node["const"]
        if "enum" in node:
            return node["enum"][0]
        if "default" in node and node["default"] is not None:
            return node["default"]
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            props = node.get("properties", {})
            required = set(node.get("required", []))
            out = {}
            for prop, sub in props.items():
                if prop in required or fill_ref(prop) is not None:
                    out[prop] = build(sub, prop, depth + 1)
            return out
        if kind == "array":
            item = build(node.get("items", {}), "", depth + 1)
            return [item] if node.get("minItems", 0) > 0 or item is not None else []
        if kind == "integer":
            return max(1, node.get("minimum", 1))
        if kind == "number":
            return max(1.0, float(node.get("minimum", 1)))
        if kind == "boolean":
            return False
        if kind == "string":
            fmt = node.get("format", "")
            if fmt == "date-time":
                return "2026-06-01T10:00:00Z"
            if fmt == "date":
                return "2026-06-01"
            if fmt == "email":
                return "crawl@crawl.example"
            if fmt in ("uri", "url"):
                return "https://crawl.example/"
            return "crawl " + (name or "text")
        return None

    return build(schema)
