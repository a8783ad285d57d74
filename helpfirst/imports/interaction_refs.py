"""Resolve the account, contact and journey references of interaction rows, set-based.

Keys seen for the first time in a chunk are looked up in a few ``IN`` queries (scoped by what
the importing user may see); answers are kept for the rest of the file, so a million rows that
touch ten thousand accounts cost a few dozen queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.functions import Lower

from helpfirst.imports.upsert import chunked
from helpfirst.team import permissions

MISSING = -1


class ReferenceCache:
    """Map external ids, domains, names and e-mails to primary keys, asking the database once."""

    def __init__(self, user: Any) -> None:
        self.accounts = permissions.visible_accounts(user)
        self.contacts = permissions.visible_contacts(user)
        self.journeys = permissions.visible_journeys(user)
        self.account_by_ext: dict[tuple[str, str], int] = {}
        self.account_by_domain: dict[str, int] = {}
        self.account_by_name: dict[str, int] = {}
        self.contact_by_ext: dict[tuple[str, str], tuple[int, int]] = {}
        self.contact_by_email: dict[str, tuple[int, int]] = {}
        self.journey_by_ext: dict[tuple[str, str], tuple[int, int]] = {}
        self.journey_by_title: dict[tuple[int, str], int] = {}
        self._titles_loaded: set[int] = set()

    @staticmethod
    def _missing(wanted: Iterable[Any], known: dict[Any, Any]) -> list[Any]:
        return sorted({w for w in wanted if w not in known}, key=str)

    def load_accounts(
        self,
        ext: Iterable[tuple[str, str]],
        domains: Iterable[str],
        names: Iterable[str],
    ) -> None:
        """Look up the account keys not seen yet; unknown keys are remembered as missing."""
        wanted_ext = self._missing(ext, self.account_by_ext)
        for key in wanted_ext:
            self.account_by_ext[key] = MISSING
        by_source: dict[str, list[str]] = {}
        for source, external_id in wanted_ext:
            by_source.setdefault(source, []).append(external_id)
        for source, ids in by_source.items():
            for part in chunked(ids):
                rows = self.accounts.filter(source=source, external_id__in=part)
                for pk, external_id in rows.values_list("pk", "external_id"):
                    self.account_by_ext[(source, external_id)] = pk
        wanted_domains = self._missing(domains, self.account_by_domain)
        for domain in wanted_domains:
            self.account_by_domain[domain] = MISSING
        for part in chunked(wanted_domains):
            rows = self.accounts.annotate(ldomain=Lower("domain")).filter(ldomain__in=part)
            for pk, domain in rows.order_by("pk").values_list("pk", "ldomain"):
                if self.account_by_domain.get(domain, MISSING) == MISSING:
                    self.account_by_domain[domain] = pk
        wanted_names = self._missing(names, self.account_by_name)
        for name in wanted_names:
            self.account_by_name[name] = MISSING
        for part in chunked(wanted_names):
            rows = self.accounts.annotate(lname=Lower("name")).filter(lname__in=part)
            for pk, name in rows.order_by("pk").values_list("pk", "lname"):
                if self.account_by_name.get(name, MISSING) == MISSING:
                    self.account_by_name[name] = pk

    def load_contacts(self, ext: Iterable[tuple[str, str]], emails: Iterable[str]) -> None:
        """Look up contact keys not seen yet; remember (contact id, account id)."""
        wanted_ext = self._missing(ext, self.contact_by_ext)
        for key in wanted_ext:
            self.contact_by_ext[key] = (MISSING, MISSING)
        by_source: dict[str, list[str]] = {}
        for source, external_id in wanted_ext:
            by_source.setdefault(source, []).append(external_id)
        for source, ids in by_source.items():
            for part in chunked(ids):
                rows = self.contacts.filter(source=source, external_id__in=part)
                for pk, external_id, account_id in rows.values_list(
                    "pk", "external_id", "account_id"
                ):
                    self.contact_by_ext[(source, external_id)] = (pk, account_id)
        wanted_emails = self._missing(emails, self.contact_by_email)
        for email in wanted_emails:
            self.contact_by_email[email] = (MISSING, MISSING)
        for part in chunked(wanted_emails):
            rows = self.contacts.annotate(lemail=Lower("email")).filter(lemail__in=part)
            for pk, email, account_id in rows.order_by("pk").values_list(
                "pk", "lemail", "account_id"
            ):
                if self.contact_by_email[email][0] == MISSING:
                    self.contact_by_email[email] = (pk, account_id)

    def load_journeys(self, ext: Iterable[tuple[str, str]], accounts: Iterable[int]) -> None:
        """Look up journeys by external id, and the titles of journeys at ``accounts``."""
        wanted_ext = self._missing(ext, self.journey_by_ext)
        for key in wanted_ext:
            self.journey_by_ext[key] = (MISSING, MISSING)
        by_source: dict[str, list[str]] = {}
        for source, external_id in wanted_ext:
            by_source.setdefault(source, []).append(external_id)
        for source, ids in by_source.items():
            for part in chunked(ids):
                rows = self.journeys.filter(source=source, external_id__in=part)
                for pk, external_id, account_id in rows.values_list(
                    "pk", "external_id", "account_id"
                ):
                    self.journey_by_ext[(source, external_id)] = (pk, account_id)
        wanted_accounts = sorted({a for a in accounts if a not in self._titles_loaded})
        self._titles_loaded.update(wanted_accounts)
        for part in chunked(wanted_accounts):
            rows = self.journeys.filter(account_id__in=part).order_by("pk")
            for pk, account_id, title in rows.values_list("pk", "account_id", "title"):
                self.journey_by_title.setdefault((account_id, title.lower()), pk)
