"""Turn CRM objects (already mapped to helpfirst's field names) into the team's records.

Used by the webhook receivers and by the export migration alike, so both key records the same
way: ``(team, source, external_id)`` with the CRM's id, which makes every re-run a no-op. Deal
stages move only through :func:`helpfirst.journeys.services.change_buying_stage`, so every move
is in the stage history with its reason ("HubSpot: dealstage → closedwon").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.utils import timezone

from helpfirst.accounts.models import Account, Contact
from helpfirst.core import vocabulary
from helpfirst.core.crm.fields import first_id, parse_day, parse_flag, parse_moment
from helpfirst.core.crm.stages import map_activity_kind, map_crm_stage
from helpfirst.crm.cleaning import clean_domain, clean_text, money, set_changed, whole_number
from helpfirst.crm.lookups import RecordLookup
from helpfirst.crm.outcome import Outcome
from helpfirst.crm.owners import OwnerDirectory
from helpfirst.interactions.ingest import store_new_interactions
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, StageChange
from helpfirst.journeys.services import change_buying_stage

LABELS = {"hubspot": "HubSpot", "salesforce": "Salesforce"}
STAGE_FIELDS = {"hubspot": "dealstage", "salesforce": "StageName"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CrmWriter(RecordLookup):
    """Create or update one team's records from one CRM's objects."""

    def __init__(
        self,
        team: Any,
        system: str,
        *,
        owners: OwnerDirectory,
        stage_map: dict[str, str] | None = None,
        actor: Any = None,
        default_owner: Any = None,
        create_lead_accounts: bool = True,
    ) -> None:
        self.team = team
        self.system = system
        self.label = LABELS.get(system, system)
        self.stage_field = STAGE_FIELDS.get(system, "stage")
        self.owners = owners
        self.stage_map = stage_map or {}
        self.actor = actor
        self.default_owner = default_owner
        self.create_lead_accounts = create_lead_accounts
        self.unmapped_stages: Counter[str] = Counter()
        self._cache: dict[Any, dict[str, Any]] | None = None

    # objects --------------------------------------------------------------------------------
    def company(self, ext_id: str, values: dict[str, Any]) -> Outcome:
        """Create or update the account of a CRM company/account."""
        name = clean_text(values.get("name"), 250) or clean_domain(values.get("domain"))
        found = self.account(ext_id) if ext_id else self.account_named(name)
        if found is None and not name:
            return Outcome("waiting", "The company has no name yet.", "name")
        fields: dict[str, Any] = {"name": name} if name else {}  # never blank out a name
        notes: list[tuple[str, str, str]] = []
        if values.get("domain"):
            fields["domain"] = clean_domain(values["domain"])
        for key, limit in (("industry", 120), ("region", 120)):
            if values.get(key):
                fields[key] = clean_text(values[key], limit)
        if values.get("employees") is not None:
            employees = whole_number(values["employees"])
            if employees is None:
                notes.append(("employees", str(values["employees"]), "not a whole number"))
            else:
                fields["employees"] = employees
        owner = self.owners.find(values.get("owner"))
        now = timezone.now()
        if found is None:
            account = Account.objects.create(
                team=self.team,
                source=self.system,
                external_id=ext_id[:120],
                owner=owner or self.default_owner,
                created_at=now,
                updated_at=now,
                **fields,
            )
            return Outcome("created", obj=self._remember(account), notes=notes)
        if owner is not None:
            fields["owner_id"] = owner.pk
        if not set_changed(found, fields):
            return Outcome("unchanged", obj=found, notes=notes)
        found.updated_at = now
        found.save()
        return Outcome("updated", obj=found, notes=notes)

    def person(
        self,
        ext_id: str,
        values: dict[str, Any],
        *,
        company_refs: list[str] = (),
        lead: bool = False,
    ) -> Outcome:
        """Create or update the contact of a CRM contact or lead."""
        email = clean_text(values.get("email"), 254).lower()
        notes: list[tuple[str, str, str]] = []
        if email and not _EMAIL.match(email):
            notes.append(("email", email, "not an e-mail address"))
            email = ""
        first = clean_text(values.get("first_name"), 120)
        last = clean_text(values.get("last_name"), 120)
        found = self.contact(ext_id) if ext_id else None
        if found is None and not (first or last or email):
            return Outcome("waiting", "The person has no name and no e-mail yet.", "last_name")
        account = self._first(self.account, [values.get("account_ref"), *company_refs])
        company = clean_text(values.get("company_name"), 250)
        if account is None and company:
            account = self.account(company) or self.account_named(company)
            if account is None and lead and self.create_lead_accounts:
                now = timezone.now()
                account = Account.objects.create(
                    team=self.team,
                    name=company,
                    source=self.system,
                    created_at=now,
                    updated_at=now,
                    owner=self.owners.find(values.get("owner")),
                )
                self._remember(account)
        if account is None and found is None:
            ref = first_id(values.get("account_ref")) or company
            return Outcome(
                "waiting",
                "No account for this person: their company is not in helpfirst"
                + (f" ({ref})." if ref else " (no company given)."),
                "company_name" if company and not values.get("account_ref") else "account_ref",
                ref,
            )
        # Only what the CRM says is written: a partial update never blanks out a field.
        fields = {
            k: v for k, v in (("first_name", first), ("last_name", last), ("email", email)) if v
        }
        for key, limit in (("title", 200), ("phone", 60)):
            if values.get(key):
                fields[key] = clean_text(values[key], limit)
        opted_out = parse_flag(values.get("opted_out"))
        if opted_out is not None:
            fields["may_contact"] = not opted_out
        if account is not None:
            fields["account_id"] = account.pk
        now = timezone.now()
        if found is None and email and account is not None:
            found = Contact.objects.filter(
                team=self.team, account=account, email__iexact=email, external_id=""
            ).first()
            if found is not None:
                fields.update(source=self.system, external_id=ext_id[:120])
        if found is None:
            contact = Contact.objects.create(
                team=self.team,
                source=self.system,
                external_id=ext_id[:120],
                created_at=now,
                updated_at=now,
                **fields,
            )
            return Outcome("created", obj=self._remember(contact), notes=notes)
        if not set_changed(found, fields):
            return Outcome("unchanged", obj=found, notes=notes)
        found.updated_at = now
        found.save()
        return Outcome("updated", obj=found, notes=notes)

    def deal(self, ext_id: str, values: dict[str, Any], *, company_refs: list[str] = ()) -> Outcome:
        """Create or update the journey of a CRM deal/opportunity; move its stage with history."""
        label = clean_text(values.get("stage"), 120)
        is_closed = parse_flag(values.get("is_closed"))
        is_won = parse_flag(values.get("is_won"))
        stage = (
            map_crm_stage(label, extra=self.stage_map, is_closed=is_closed, is_won=is_won)
            if label
            else None
        )
        found = self.journey(ext_id) if ext_id else None
        fields, notes = self._deal_fields(values)
        account = self._first(self.account, [values.get("account_ref"), *company_refs])
        if account is None and values.get("company_name"):
            account = self.account_named(clean_text(values["company_name"], 250))
        if account is not None:
            fields["account_id"] = account.pk
        owner = self.owners.find(values.get("owner"))
        if owner is not None:
            fields["owner_id"] = owner.pk
        unmapped = Outcome(
            "unmapped",
            f"Cannot tell which buying stage {self.stage_field} {label!r} is; map it "
            f"(--stage-map '{label}=<buying stage>' or the connection's stage map).",
            "stage",
            label,
        )
        if found is None:
            if not fields.get("title"):
                return Outcome("waiting", "The deal has no name yet.", "title")
            if account is None:
                ref = first_id(values.get("account_ref")) or first_id(list(company_refs))
                return Outcome(
                    "waiting",
                    "No account for this deal: its company is not in helpfirst"
                    + (f" ({ref})." if ref else " (no company given)."),
                    "account_ref",
                    ref,
                )
            if label and stage is None:
                self.unmapped_stages[label] += 1
                return unmapped
            return self._open(
                ext_id,
                fields,
                stage or vocabulary.BuyingStage.EXPLORING_PROBLEM,
                label,
                values,
                notes,
            )
        now = timezone.now()
        changed = set_changed(found, {k: v for k, v in fields.items() if v is not None})
        if changed:
            found.updated_at = now
            found.save()
        if label and stage is None:
            self.unmapped_stages[label] += 1
            unmapped.obj = found
            return unmapped
        if stage and stage != found.buying_stage:
            change_buying_stage(
                found,
                stage,
                changed_by=self.actor,
                reason=f"{self.label}: {self.stage_field} → {label}",
            )
            changed = True
        return Outcome("updated" if changed else "unchanged", obj=found, notes=notes)

    def _deal_fields(self, values: dict[str, Any]) -> tuple[dict[str, Any], list]:
        fields: dict[str, Any] = {}
        notes: list[tuple[str, str, str]] = []
        if values.get("title"):
            fields["title"] = clean_text(values["title"], 250)
        if values.get("description"):
            fields["stated_needs"] = str(values["description"]).strip()
        if values.get("amount") is not None:
            amount = money(values["amount"])
            if amount is None:
                notes.append(("amount", str(values["amount"]), "not an amount"))
            else:
                fields["expected_value"] = amount
        currency = clean_text(values.get("currency"), 3).upper()
        if currency and currency.isalpha() and len(currency) == 3:
            fields["currency"] = currency
        if values.get("close_date"):
            day = parse_day(values["close_date"])
            if day is None:
                notes.append(("close_date", str(values["close_date"]), "not a date"))
            else:
                fields["buyer_timeline"] = day
        return fields, notes

    def _open(self, ext_id, fields, stage, label, values, notes) -> Outcome:
        owner_id = fields.pop("owner_id", None)
        owner = self.owners.users.get(owner_id) if owner_id else None
        owner = owner or self.default_owner or self.actor
        if owner is None:
            return Outcome(
                "failed",
                "Nobody can own this journey: map its owner or name a default owner.",
                "owner",
                str(values.get("owner") or ""),
            )
        now = timezone.now()
        created = parse_moment(values.get("created")) or now
        reason = (
            f"{self.label}: {self.stage_field} → {label}" if label else f"Created in {self.label}"
        )
        extra = {}
        if vocabulary.is_exit(stage):
            extra["exit_reason"] = f"{self.label} {self.stage_field} {label!r}."
        journey = Journey.objects.create(
            team=self.team,
            owner=owner,
            source=self.system,
            external_id=ext_id[:120],
            buying_stage=stage,
            stage_changed_at=now,
            created_at=min(created, now),
            updated_at=now,
            **fields,
            **extra,
        )
        StageChange.objects.create(
            journey=journey,
            from_stage="",
            to_stage=stage,
            changed_by=self.actor,
            changed_at=now,
            reason=reason,
        )
        return Outcome("created", obj=self._remember(journey), notes=notes)

    def activity(
        self,
        ext_id: str,
        values: dict[str, Any],
        *,
        activity_type: str = "",
        links: list[tuple[str, str]] = (),
        fallback_time: Any = None,
    ) -> Outcome:
        """Store a CRM activity (task, call, meeting, e-mail, note) once as an interaction."""
        if not ext_id:
            return Outcome(
                "failed", "The activity has no id, so it could not be stored once.", "external_id"
            )
        occurred = parse_moment(values.get("occurred_at")) or parse_moment(fallback_time)
        if occurred is None:
            return Outcome(
                "failed",
                "The activity has no readable date or time.",
                "occurred_at",
                str(values.get("occurred_at") or ""),
            )
        by_type: dict[str, list[str]] = {}
        for kind, ref in links:
            by_type.setdefault(kind, []).append(ref)
        what = first_id(values.get("what_ref"))
        contact = self._first(
            self.contact, [values.get("contact_ref"), *by_type.get("contact", [])]
        )
        journey = self._first(
            self.journey, [values.get("deal_ref"), what, *by_type.get("deal", [])]
        )
        account = self._first(
            self.account, [values.get("account_ref"), what, *by_type.get("company", [])]
        )
        account = account or (journey.account if journey else None)
        account = account or (contact.account if contact else None)
        if account is None:
            return Outcome(
                "waiting",
                "The activity is not linked to an account, contact or deal known here.",
                "contact_ref",
                first_id(values.get("contact_ref")) or what,
            )
        if contact is not None and contact.account_id != account.pk:
            contact = None
        if journey is not None and journey.account_id != account.pk:
            journey = None
        kind = map_activity_kind(values.get("kind") or activity_type)
        hint = map_activity_kind(values.get("type_hint") or "", default="")
        if kind == vocabulary.InteractionKind.NOTE and hint:
            kind = hint
        properties = {"crm": self.system}
        for key in ("kind", "type_hint", "duration"):
            if values.get(key) not in (None, ""):
                properties[key] = str(values[key])
        interaction = Interaction(
            team_id=self.team.pk,
            account_id=account.pk,
            contact_id=contact.pk if contact else None,
            journey_id=journey.pk if journey else None,
            kind=kind,
            occurred_at=occurred,
            subject=clean_text(values.get("subject"), 500),
            source=self.system,
            external_id=ext_id[:200],
            properties=properties,
        )
        created, _existing = store_new_interactions(
            self.team.pk, {(self.system, interaction.external_id): interaction}
        )
        return Outcome("created" if created else "unchanged", obj=interaction)
