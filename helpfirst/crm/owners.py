"""Find the team member who owns a CRM object."""

from __future__ import annotations

from collections import Counter
from typing import Any

from helpfirst.team.models import User


class OwnerDirectory:
    """Find team users for CRM owners: an explicit map, then e-mail, user name or full name."""

    def __init__(
        self,
        team: Any,
        explicit: dict[str, Any] | None = None,
        aliases: dict[str, str] | None = None,
    ) -> None:
        self.users = {u.pk: u for u in User.objects.filter(team=team, is_active=True)}
        self.by_key: dict[str, User] = {}
        for user in self.users.values():
            for key in (user.email, user.username, user.get_full_name()):
                if key:
                    self.by_key.setdefault(key.strip().lower(), user)
        self.explicit = {str(k).strip(): v for k, v in (explicit or {}).items()}
        self.aliases = {str(k).strip(): str(v) for k, v in (aliases or {}).items()}
        self.unknown: Counter[str] = Counter()

    def find(self, ref: Any) -> User | None:
        key = str(ref or "").strip()
        if not key:
            return None
        if key in self.explicit:
            target = self.explicit[key]
            if isinstance(target, int) or str(target).isdigit():
                found = self.users.get(int(target))
            else:
                found = self.by_key.get(str(target).lower())
            if found is not None:
                return found
        for candidate in (key, self.aliases.get(key, "")):
            found = self.by_key.get(candidate.lower()) if candidate else None
            if found is not None:
                return found
        self.unknown[key] += 1
        return None
