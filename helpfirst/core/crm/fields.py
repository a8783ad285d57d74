"""Map the field names of HubSpot and Salesforce objects onto helpfirst's, for one object.

The same table serves the webhooks (property names in JSON, sObject fields in SOAP) and the
export migration (CSV headers): names are compared after reducing them to lower-case letters and
digits, so ``StageName``, ``STAGENAME`` and ``Deal Stage`` all work. For each field the first
alias present wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from helpfirst.core.crm.stages import normalise_label

# helpfirst object kinds: company (Account), contact (Contact/Lead), deal (Opportunity/Deal),
# activity (Task/Event/Engagement/Call/Meeting/Email/Note).
OBJECT_KINDS = ("company", "contact", "lead", "deal", "activity")

_OWNER = (
    "ownerid",
    "hubspotownerid",
    "owner",
    "companyowner",
    "contactowner",
    "accountowner",
    "dealowner",
    "opportunityowner",
    "activityassignedto",
    "assignedto",
)

ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "company": {
        "external_id": ("id", "recordid", "companyid", "accountid", "hsobjectid"),
        "name": ("name", "companyname", "accountname", "company"),
        "domain": ("domain", "companydomainname", "website", "websiteurl"),
        "industry": ("industry",),
        "employees": ("numberofemployees", "numemp", "employees", "numberofemployees"),
        "region": ("billingcountry", "country", "countryregion", "region"),
        "owner": _OWNER,
        "deleted": ("isdeleted",),
    },
    "contact": {
        "external_id": ("id", "recordid", "contactid", "hsobjectid", "leadid"),
        "first_name": ("firstname",),
        "last_name": ("lastname",),
        "email": ("email", "emailaddress"),
        "title": ("title", "jobtitle"),
        "phone": ("phone", "phonenumber", "mobilephone", "mobilephonenumber"),
        "account_ref": (
            "accountid",
            "associatedcompanyid",
            "associatedcompanyidsprimary",
            "associatedcompanyids",
            "companyid",
            "convertedaccountid",
        ),
        "company_name": ("company", "companyname", "associatedcompany", "accountname"),
        "opted_out": (
            "hasoptedoutofemail",
            "emailoptout",
            "unsubscribedfromallemail",
            "hsemailoptout",
        ),
        "converted_contact": ("convertedcontactid",),
        "owner": _OWNER,
        "deleted": ("isdeleted",),
    },
    "deal": {
        "external_id": ("id", "recordid", "dealid", "opportunityid", "hsobjectid"),
        "title": ("name", "dealname", "opportunityname"),
        "stage": ("stagename", "dealstage", "stage"),
        "amount": ("amount",),
        "currency": ("currencyisocode", "dealcurrencycode", "currency", "currencycode"),
        "close_date": ("closedate",),
        "is_closed": ("isclosed", "hsisclosed"),
        "is_won": ("iswon", "hsisclosedwon"),
        "account_ref": (
            "accountid",
            "associatedcompanyid",
            "associatedcompanyidsprimary",
            "associatedcompanyids",
        ),
        "company_name": ("accountname", "associatedcompany", "companyname"),
        "description": ("description", "dealdescription"),
        "created": ("createddate", "createdate"),
        "owner": _OWNER,
        "deleted": ("isdeleted",),
    },
    "activity": {
        "external_id": ("id", "recordid", "activityid", "engagementid", "hsobjectid"),
        "kind": (
            "tasksubtype",
            "eventsubtype",
            "activitytype",
            "engagementtype",
            "hsengagementtype",
            "type",
        ),
        "type_hint": ("typec", "calltype"),
        "subject": (
            "subject",
            "hsmeetingtitle",
            "hstasksubject",
            "hsemailsubject",
            "hscalltitle",
            "calltitle",
            "meetingname",
            "tasktitle",
            "emailsubject",
            "title",
        ),
        "occurred_at": (
            "activitydatetime",
            "startdatetime",
            "hstimestamp",
            "activitydate",
            "timestamp",
            "activitydateandtime",
            "createddate",
            "createdate",
        ),
        "contact_ref": ("whoid", "contactid", "associatedcontactid", "associatedcontactids"),
        "what_ref": ("whatid",),
        "account_ref": ("accountid", "associatedcompanyid", "associatedcompanyids", "companyid"),
        "deal_ref": ("opportunityid", "dealid", "associateddealid", "associateddealids"),
        "duration": ("calldurationinseconds", "hscallduration", "durationinminutes"),
        "owner": _OWNER,
        "deleted": ("isdeleted",),
    },
}
ALIASES["lead"] = ALIASES["contact"]


@dataclass
class MappedFields:
    """One object's values under helpfirst's names, and which source field each came from."""

    values: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # helpfirst field -> source name


def column_plan(kind: str, names: Iterable[str]) -> dict[str, str]:
    """Return ``{helpfirst field: source name}`` for the source names present."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(normalise_label(name), name)
    plan: dict[str, str] = {}
    used: set[str] = set()
    for target, aliases in ALIASES[kind].items():
        for alias in aliases:
            name = by_key.get(alias)
            if name is not None and name not in used:
                plan[target] = name
                used.add(name)
                break
    return plan


def map_fields(
    kind: str, source: Mapping[str, Any], plan: dict[str, str] | None = None
) -> MappedFields:
    """Return the values of ``source`` under helpfirst's names (empty strings become None)."""
    plan = plan if plan is not None else column_plan(kind, source.keys())
    mapped = MappedFields(columns=dict(plan))
    for target, name in plan.items():
        value = source.get(name)
        if isinstance(value, str):
            value = value.strip()
        if value in ("", None):
            continue
        mapped.values[target] = value
    return mapped


def first_id(value: Any) -> str:
    """Return the first id of a value that may list several (``"123;456"``)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return first_id(value[0]) if value else ""
    text = str(value).strip()
    for separator in (";", ","):
        text = text.split(separator, 1)[0]
    return text.strip()


def parse_flag(value: Any) -> bool | None:
    """Read true/false/1/0/yes/no; None when empty or unreadable."""
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("true", "1", "yes", "y", "t"):
        return True
    if text in ("false", "0", "no", "n", "f"):
        return False
    return None


def parse_moment(value: Any) -> datetime | None:
    """Read an ISO time (``Z``, ``+0000`` or ``+00:00``), a date, or epoch milliseconds."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(float(value))
    text = str(value).strip()
    if text.isdigit() and len(text) >= 10:
        return _from_epoch(float(text))
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and ":" not in text[-5:]:
        text = f"{text[:-2]}:{text[-2:]}"  # +0000 -> +00:00
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _from_epoch(number: float) -> datetime | None:
    seconds = number / 1000 if number > 1e11 else number
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_day(value: Any) -> date | None:
    """Read a calendar date from a date or a time; None when unreadable."""
    moment = parse_moment(value)
    if moment is not None:
        return moment.date()
    return None


def start_of(day: date) -> datetime:
    """Return midnight UTC of ``day``."""
    return datetime.combine(day, time(0, 0), tzinfo=UTC)
