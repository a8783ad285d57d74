"""Find a team's records by a CRM's ids, one query each or from memory (migrations)."""

from __future__ import annotations

from typing import Any

from helpfirst.accounts.models import Account, Contact
from helpfirst.core.crm.fields import first_id
from helpfirst.journeys.models import Journey


class RecordLookup:
    """Look-ups of one team's records from one CRM (``system``)."""

    team: Any
    system: str
    _cache: dict[Any, dict[str, Any]] | None = None

    def remember_all(self) -> None:
        """Look records up in memory, loaded once per model (for migrations of many rows)."""
        self._cache = {}

    def forget(self) -> None:
        """Drop what is remembered (after a rolled-back row)."""
        if self._cache is not None:
            self._cache = {}

    def _lookup(self, model: Any, ref: Any) -> Any:
        ref = first_id(ref)
        if not ref:
            return None
        mine = model.objects.filter(team=self.team, source=self.system)
        if self._cache is None:
            return mine.filter(external_id=ref).first()
        if model not in self._cache:
            self._cache[model] = {o.external_id: o for o in mine.exclude(external_id="")}
        return self._cache[model].get(ref)

    def _remember(self, obj: Any) -> Any:
        if self._cache is not None:
            if type(obj) in self._cache and obj.external_id:
                self._cache[type(obj)][obj.external_id] = obj
            if isinstance(obj, Account) and "names" in self._cache:
                self._cache["names"].setdefault(obj.name.lower(), obj)
        return obj

    def account(self, ref: Any) -> Account | None:
        return self._lookup(Account, ref)

    def account_named(self, name: str) -> Account | None:
        if not name:
            return None
        if self._cache is None:
            found = Account.objects.filter(team=self.team, name__iexact=name[:250])
            return found.order_by("pk").first()
        if "names" not in self._cache:
            names: dict[str, Account] = {}
            for account in Account.objects.filter(team=self.team).order_by("pk"):
                names.setdefault(account.name.lower(), account)
            self._cache["names"] = names
        return self._cache["names"].get(name[:250].lower())

    def contact(self, ref: Any) -> Contact | None:
        return self._lookup(Contact, ref)

    def journey(self, ref: Any) -> Journey | None:
        return self._lookup(Journey, ref)

    def _first(self, finder, refs: list[Any]) -> Any:
        for ref in refs:
            found = finder(ref)
            if found is not None:
                return found
        return None
