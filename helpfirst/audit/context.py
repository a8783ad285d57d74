"""Who is acting right now: set per request by the middleware and per command by the CLI.

Model changes are recorded only while an actor is set, so a web or API request, or a CLI
command that says who runs it, leaves entries; the demo loader and migrations do not.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    username: str = ""
    team_id: int | None = None
    via: str = "system"
    request_id: str = ""
    ip: str | None = None


@dataclass
class _RequestActor:
    """The actor of a request, read when needed: the API authenticates after the middleware."""

    request: Any
    via: str
    request_id: str
    ip: str | None

    def resolve(self) -> Actor:
        user = getattr(self.request, "user", None)
        return actor_for(user, via=self.via, request_id=self.request_id, ip=self.ip)


_current: ContextVar[Actor | _RequestActor | None] = ContextVar(
    "helpfirst_audit_actor", default=None
)


def current_actor() -> Actor | None:
    """Return who is acting now, or None outside any request or command."""
    value = _current.get()
    if isinstance(value, _RequestActor):
        return value.resolve()
    return value


def actor_for(user, *, via: str, request_id: str = "", ip: str | None = None) -> Actor:
    """Return the Actor of ``user`` (anonymous or None gives an actor without a user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(via=via, request_id=request_id, ip=ip)
    return Actor(
        user_id=user.pk,
        username=user.get_username(),
        team_id=user.team_id,
        via=via,
        request_id=request_id,
        ip=ip,
    )


@contextmanager
def acting(actor: Actor | _RequestActor):
    """Attribute the changes made inside the block to ``actor``."""
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


@contextmanager
def acting_as(user, via: str = "cli"):
    """Attribute the changes made inside the block to ``user`` (None: the system)."""
    with acting(actor_for(user, via=via, request_id=uuid.uuid4().hex[:16])) as actor:
        yield actor
