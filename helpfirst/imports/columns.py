"""Map a file's column headers to helpfirst fields: our own, HubSpot's and Salesforce's names.

Headers are compared after normalising (lower case, letters and digits only), so
``Company Domain Name``, ``company_domain_name`` and ``COMPANYDOMAINNAME`` are the same column.
For each field the first alias present in the file wins. A few CRM columns say the opposite of
our field (Salesforce ``HasOptedOutOfEmail`` is "may not contact"); they are read inverted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

ENTITIES = ("accounts", "contacts", "journeys", "interactions")
ORIGINS = ("helpfirst", "salesforce", "hubspot")

_ACCOUNT_REFS: dict[str, tuple[str, ...]] = {
    "account_source": ("accountsource",),
    "account_external_id": (
        "accountexternalid", "accountid", "associatedcompanyid", "associatedcompanyids",
        "associatedcompanyidsprimary", "companyid", "whatid",
    ),
    "account_domain": ("accountdomain", "companydomainname", "companydomain"),
    "account_name": ("accountname", "associatedcompany", "companyname", "company"),
}

FIELD_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts": {
        "source": ("source",),
        "external_id": ("externalid", "id", "recordid", "companyid", "accountid"),
        "name": ("name", "companyname", "accountname", "company"),
        "domain": ("domain", "companydomainname", "companydomain", "website", "websiteurl"),
        "industry": ("industry",),
        "employees": ("employees", "numberofemployees", "numemp", "employeecount"),
        "region": ("region", "countryregion", "country", "billingcountry"),
        "strategies": ("strategies",),
        "priorities": ("priorities",),
        "owner": ("owner", "companyowner", "accountowner", "ownerid"),
    },
    "contacts": {
        "source": ("source",),
        "external_id": ("externalid", "id", "recordid", "contactid"),
        "first_name": ("firstname", "first"),
        "last_name": ("lastname", "last", "surname"),
        "title": ("title", "jobtitle"),
        "email": ("email", "emailaddress"),
        "phone": ("phone", "phonenumber", "mobilephone", "mobilephonenumber"),
        "stakeholder_role": ("stakeholderrole", "buyingrole", "role"),
        "what_matters": ("whatmatters",),
        "may_contact": ("maycontact",),
        "recording_consent": ("recordingconsent", "callrecordingconsent"),
        **_ACCOUNT_REFS,
    },
    "journeys": {
        "source": ("source",),
        "external_id": ("externalid", "id", "recordid", "dealid", "opportunityid"),
        "title": ("title", "name", "dealname", "opportunityname"),
        "owner": ("owner", "dealowner", "opportunityowner", "ownerid"),
        "stated_needs": ("statedneeds", "description", "dealdescription"),
        "buying_stage": ("buyingstage", "stagename", "dealstage", "stage"),
        "exit_reason": ("exitreason", "closedlostreason"),
        "referred_to": ("referredto",),
        "recheck_on": ("recheckon",),
        "expected_value": ("expectedvalue", "amount"),
        "currency": ("currency", "currencyisocode", "currencycode"),
        "buyer_timeline": ("buyertimeline", "closedate"),
        "is_closed": ("isclosed",),
        "is_won": ("iswon",),
        **{k: v for k, v in _ACCOUNT_REFS.items() if k != "account_external_id"},
        "account_external_id": (
            "accountexternalid", "accountid", "associatedcompanyid", "associatedcompanyids",
            "associatedcompanyidsprimary",
        ),
    },
    "interactions": {
        "source": ("source",),
        "external_id": ("externalid", "id", "activityid", "recordid"),
        "kind": ("kind", "activitytype", "tasksubtype", "type"),
        "occurred_at": ("occurredat", "timestamp", "activitydate", "createddate", "date"),
        "page_type": ("pagetype",),
        "url": ("url", "pageurl"),
        "subject": ("subject", "title"),
        "properties": ("properties",),
        "contact_source": ("contactsource",),
        "contact_external_id": ("contactexternalid", "contactid", "whoid"),
        "contact_email": ("contactemail", "email"),
        "journey_source": ("journeysource",),
        "journey_external_id": ("journeyexternalid", "opportunityid", "dealid"),
        "journey_title": ("journeytitle",),
        **_ACCOUNT_REFS,
    },
}

# Columns whose truth is the opposite of the field: may_contact is "not opted out".
INVERTED_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "contacts": {
        "may_contact": (
            "hasoptedoutofemail", "emailoptout", "donotcontact", "unsubscribedfromallemail",
        ),
    },
}

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(title: str) -> str:
    """Return a header reduced to lower-case letters and digits (``Deal Stage`` → dealstage)."""
    return _NON_ALNUM.sub("", str(title).lower())


def detect_origin(headers: Iterable[str]) -> str:
    """Guess which product wrote the file: "salesforce", "hubspot" or "helpfirst"."""
    titles = [str(h) for h in headers]
    names = {normalise_header(h) for h in titles}
    if "recordid" in names or {"dealstage", "dealname"} <= names:
        return "hubspot"
    salesforce_marks = {"isdeleted", "ownerid", "createdbyid", "systemmodstamp", "stagename"}
    if any(h.lower().endswith("__c") for h in titles) or (
        "id" in names and names & salesforce_marks
    ):
        return "salesforce"
    return "helpfirst"


@dataclass
class ColumnMapping:
    """Which file column feeds which field, and which columns are not used."""

    entity: str
    origin: str
    columns: dict[str, str] = field(default_factory=dict)  # field -> column title
    inverted: frozenset[str] = frozenset()  # fields read from an inverted column
    ignored: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "origin": self.origin,
            "columns": dict(self.columns),
            "inverted": sorted(self.inverted),
            "ignored": list(self.ignored),
        }


def map_columns(entity: str, headers: Iterable[str], origin: str = "") -> ColumnMapping:
    """Return how ``headers`` map onto the fields of ``entity``."""
    titles = list(headers)
    by_name: dict[str, str] = {}
    for title in titles:
        by_name.setdefault(normalise_header(title), title)
    mapping = ColumnMapping(entity=entity, origin=origin or detect_origin(titles))
    used: set[str] = set()
    inverted: set[str] = set()
    for field_name, aliases in FIELD_ALIASES[entity].items():
        for alias in aliases:
            title = by_name.get(alias)
            if title is not None and title not in used:
                mapping.columns[field_name] = title
                used.add(title)
                break
        else:
            for alias in INVERTED_ALIASES.get(entity, {}).get(field_name, ()):
                title = by_name.get(alias)
                if title is not None and title not in used:
                    mapping.columns[field_name] = title
                    used.add(title)
                    inverted.add(field_name)
                    break
    mapping.inverted = frozenset(inverted)
    mapping.ignored = [t for t in titles if t not in used]
    return mapping
