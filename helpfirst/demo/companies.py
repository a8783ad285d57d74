"""Make the demo's buying companies and the people in them, as plain data (no database).

Every company gets believable firmographics and its own strategies and priorities; every person
a stakeholder role, a title that fits it, what matters to them, and consent flags. The first
people at each company are its champion, economic buyer and technical evaluator, so late-stage
journeys always have a buying committee to engage.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from helpfirst.demo.catalogue import (
    DOMAIN_ENDINGS,
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    LEGAL_SUFFIXES,
    NAME_PREFIXES,
    REGIONS,
    ROLE_MATTERS,
    ROLE_TITLES,
    industry_profile,
)

# The order in which roles are filled at a company: a committee first, then everyone else.
COMMITTEE_ROLES: tuple[str, ...] = ("champion", "economic_buyer", "technical_evaluator")
OTHER_ROLES: tuple[str, ...] = ("influencer", "end_user", "blocker", "unknown", "end_user")
MIN_CONTACTS = 2


@dataclass
class AccountSeed:
    """One demo company, before it is written to the database."""

    external_id: str
    name: str
    domain: str
    industry: str
    employees: int
    region: str
    strategies: str
    priorities: str
    owner: str | None
    name_pool: str
    contacts: list[ContactSeed] = field(default_factory=list)


@dataclass
class ContactSeed:
    """One person at a demo company."""

    external_id: str
    account_external_id: str
    first_name: str
    last_name: str
    title: str
    email: str
    phone: str
    stakeholder_role: str
    what_matters: str
    may_contact: bool
    recording_consent: bool


def slugify_ascii(text: str) -> str:
    """Return ``text`` as lower-case ASCII letters and digits only (for domains and e-mails)."""
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", flat.lower())


def make_accounts(
    count: int,
    rng: random.Random,
    reps: Sequence[str],
    extra_industries: Sequence[str] = (),
) -> list[AccountSeed]:
    """Return ``count`` distinct companies; ``extra_industries`` (from the playbook) are used too.

    Owners go round the reps in turn; one company in eight has no owner yet (a stranger who
    found us on their own).
    """
    profiles = list(INDUSTRIES)
    known = {p.name.lower() for p in profiles}
    for name in extra_industries:
        if name and name.lower() not in known:
            profiles.append(industry_profile(name))
            known.add(name.lower())
    names: set[str] = set()
    domains: set[str] = set()
    accounts: list[AccountSeed] = []
    for index in range(count):
        profile = profiles[index % len(profiles)] if index < len(profiles) else rng.choice(profiles)
        for _attempt in range(50):
            base = f"{rng.choice(NAME_PREFIXES)} {rng.choice(profile.words)}"
            if base not in names:
                break
        else:
            base = f"{base} {index}"
        names.add(base)
        domain = slugify_ascii(base) + rng.choice(DOMAIN_ENDINGS)
        while domain in domains:
            domain = f"{slugify_ascii(base)}{rng.randint(2, 99)}{rng.choice(DOMAIN_ENDINGS)}"
        domains.add(domain)
        region, pool = rng.choice(REGIONS)
        employees = _employees(profile.median_employees, rng)
        owner = None if index % 8 == 7 else reps[index % len(reps)]
        accounts.append(
            AccountSeed(
                external_id=f"demo-account-{index + 1:04d}",
                name=base + rng.choice(LEGAL_SUFFIXES),
                domain=domain,
                industry=profile.name,
                employees=employees,
                region=region,
                strategies="\n".join(rng.sample(profile.strategies, k=len(profile.strategies))),
                priorities="\n".join(rng.sample(profile.priorities, k=len(profile.priorities))),
                owner=owner,
                name_pool=pool,
            )
        )
    return accounts


def _employees(median: int, rng: random.Random) -> int:
    """Draw a head count around an industry's median (log-normal, 8 to 40,000 people)."""
    value = math.exp(rng.gauss(math.log(median), 0.9))
    value = max(8, min(40_000, value))
    return int(round(value, -1)) if value > 100 else int(value)


def add_contacts(accounts: list[AccountSeed], total: int, rng: random.Random) -> None:
    """Give the companies ``total`` people between them (bigger companies get more)."""
    if not accounts:
        return
    total = max(total, MIN_CONTACTS * len(accounts))
    weights = [math.log10(a.employees + 10) for a in accounts]
    spare = total - MIN_CONTACTS * len(accounts)
    scale = spare / sum(weights)
    shares = [w * scale for w in weights]
    counts = [MIN_CONTACTS + int(s) for s in shares]
    remainder = total - sum(counts)
    order = range(len(accounts))
    by_fraction = sorted(order, key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in by_fraction[:remainder]:
        counts[i] += 1
    serial = 0
    for account, how_many in zip(accounts, counts, strict=True):
        used_emails: set[str] = set()
        for position in range(how_many):
            serial += 1
            role = (
                COMMITTEE_ROLES[position]
                if position < len(COMMITTEE_ROLES)
                else rng.choice(OTHER_ROLES)
            )
            account.contacts.append(
                _contact(account, role, serial, used_emails, rng)
            )


def _contact(
    account: AccountSeed, role: str, serial: int, used_emails: set[str], rng: random.Random
) -> ContactSeed:
    pool = account.name_pool
    first = rng.choice(FIRST_NAMES[pool])
    last = rng.choice(LAST_NAMES[pool])
    local = f"{slugify_ascii(first)}.{slugify_ascii(last)}"
    while local in used_emails:
        local = f"{slugify_ascii(first)}.{slugify_ascii(last)}{rng.randint(2, 9)}"
    used_emails.add(local)
    return ContactSeed(
        external_id=f"demo-contact-{serial:05d}",
        account_external_id=account.external_id,
        first_name=first,
        last_name=last,
        title=rng.choice(ROLE_TITLES[role]),
        email=f"{local}@{account.domain}",
        phone=_phone(rng) if rng.random() < 0.7 else "",
        stakeholder_role=role,
        what_matters=rng.choice(ROLE_MATTERS[role]),
        # Most people agreed to hear from us; a few did not, and the demo must respect that.
        may_contact=rng.random() < 0.9,
        recording_consent=rng.random() < 0.65,
    )


def _phone(rng: random.Random) -> str:
    """Return a phone number from Ofcom's range reserved for drama (never a real line)."""
    return f"+44 20 7946 0{rng.randint(0, 999):03d}"
