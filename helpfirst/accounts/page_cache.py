"""Rendered fragments of the account pages, reused until the team's data changes.

A fragment is keyed by the team's current ``PageDataVersion`` token, the user (id and role: the
fragment holds only what ``helpfirst.team.permissions`` lets that user read) and the full request
path with its query string. Every write to what these pages show replaces the team's token in
the same transaction (model signals below, and ``store_new_interactions`` for bulk inserts), so
the next request in any server process reads the new token and renders afresh. Fragments also
expire after ``HELPFIRST_PAGE_CACHE_SECONDS`` (0: no cache): they show relative times ("3 minutes
ago").

Under gunicorn the fragments live in one store shared by the server's workers
(``helpfirst.web.fragment_store``), elsewhere in each process.

Not seen by the signals: ``QuerySet.update()`` / ``bulk_create`` elsewhere and direct deletes of
single interactions; those show after at most ``HELPFIRST_PAGE_CACHE_SECONDS`` (or call ``bump``).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db.models.signals import post_delete, post_save

from helpfirst.web import fragment_store
from helpfirst.web.fragment_store import SharedFragmentStore

HEADER = "X-Page-Cache"  # "hit" or "miss" on the account pages (benchmarks read it)
# Without a server-wide store (see fragment_store): one cache per process.
_process_fragments = LocMemCache("helpfirst-account-pages", {"OPTIONS": {"MAX_ENTRIES": 3000}})
_shared: dict[str, SharedFragmentStore] = {}


def _fragments() -> SharedFragmentStore | LocMemCache:
    """Return the server's shared fragment store when it runs under gunicorn, else this process'."""
    path = os.environ.get(fragment_store.ENV_FILE)
    if not path:
        return _process_fragments
    if path not in _shared:
        _shared[path] = SharedFragmentStore(path)
    return _shared[path]


def bump(team_id: int | None) -> None:
    """Mark everything the team's account pages show as changed (call inside the write)."""
    from helpfirst.accounts.models import PageDataVersion

    if team_id is None:
        return
    token = uuid.uuid4().hex
    if not PageDataVersion.objects.filter(team_id=team_id).update(token=token):
        PageDataVersion.objects.update_or_create(team_id=team_id, defaults={"token": token})


def team_token(team_id: int) -> str:
    """Return the team's current data token ("-" before its first recorded write)."""
    from helpfirst.accounts.models import PageDataVersion

    token = PageDataVersion.objects.filter(team_id=team_id).values_list("token", flat=True)
    return next(iter(token), "-")


def request_token(request, team_id: int) -> str:
    """Return the team's token, read at most once per request."""
    tokens = request.__dict__.setdefault("_helpfirst_page_tokens", {})
    if team_id not in tokens:
        tokens[team_id] = team_token(team_id)
    return tokens[team_id]


def fragment(request, name: str, render: Callable[[], str]) -> tuple[str, bool]:
    """Return ``(html, was_cached)``: the cached fragment for this user and URL, or a fresh one."""
    user = request.user
    seconds = settings.HELPFIRST_PAGE_CACHE_SECONDS
    if user.team_id is None or seconds <= 0:
        return render(), False
    path = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    token = request_token(request, user.team_id)
    key = f"{name}:{user.team_id}:{token}:{user.pk}:{user.role}:{path}"
    store = _fragments()
    html = store.get(key)
    if html is not None:
        return html, True
    html = render()
    store.set(key, html, timeout=seconds)
    return html, False


def clear() -> None:
    """Forget every cached fragment (tests)."""
    _fragments().clear()


def _on_write(sender, instance, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in changes nothing these pages show
    bump(getattr(instance, "team_id", None))


def connect() -> None:
    """Bump the team's token on every save or delete of what the account pages show."""
    from django.contrib.auth import get_user_model

    from helpfirst.accounts.models import Account, Contact
    from helpfirst.fit.models import FitRecord
    from helpfirst.interactions.models import Interaction
    from helpfirst.journeys.models import Journey

    for model in (Account, Contact, Journey, FitRecord, get_user_model()):
        post_save.connect(_on_write, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
        post_delete.connect(
            _on_write, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}"
        )
    # Saves only: a delete listener would make every cascade load each interaction row.
    post_save.connect(_on_write, sender=Interaction, dispatch_uid="page-cache-save-Interaction")
