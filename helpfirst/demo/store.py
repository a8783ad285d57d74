"""Write the demo to the database: the team and its logins, then a built demo data set.

Everything the demo writes carries ``source="demo"`` and a stable external id, so it can be
recognised, counted and replaced as a whole without touching anything a person added.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction

from helpfirst.accounts.models import Account, Contact
from helpfirst.core.errors import DataValidationError
from helpfirst.demo.dataset import DemoDataset
from helpfirst.demo.people import DEMO_PEOPLE, DEMO_TEAM_NAME, DEMO_TEAM_SLUG
from helpfirst.interactions.models import Interaction
from helpfirst.journeys.models import Journey, JourneyStakeholder, StageChange
from helpfirst.team.models import Team, User

DEMO_SOURCE = "demo"
BATCH = 2_000
Progress = Callable[[str, int, int], None]


def ensure_demo_team(name: str = DEMO_TEAM_NAME) -> Team:
    """Create the demo team once; later calls return the same team."""
    team, created = Team.objects.get_or_create(slug=DEMO_TEAM_SLUG, defaults={"name": name})
    if not created and team.name != name:
        team.name = name
        team.save(update_fields=["name"])
    return team


def ensure_demo_people(team: Team) -> dict[str, User]:
    """Create or refresh the demo users (and reset their demo passwords); return them by username.

    A username already taken by someone on another team is left alone and reported, so the demo
    never takes over a real login.
    """
    users: dict[str, User] = {}
    for person in DEMO_PEOPLE:
        user = User.objects.filter(username=person.username).first()
        if user is not None and user.team_id not in (None, team.pk):
            raise DataValidationError(
                f"The demo login {person.username!r} already belongs to another team; "
                "use a fresh HELPFIRST_HOME or DATABASE_URL for the demo.",
                field="username",
            )
        if user is None:
            user = User(username=person.username)
        user.first_name = person.first_name
        user.last_name = person.last_name
        user.email = person.email
        user.team = team
        user.role = person.role
        user.is_staff = person.role == "admin"
        user.is_superuser = person.role == "admin"
        user.is_active = True
        if user.pk is None or not user.check_password(person.password):
            user.set_password(person.password)  # re-running the demo changes nothing
        user.save()
        users[person.username] = user
    return users


def demo_counts(team: Team) -> dict[str, int]:
    """Count the demo rows of ``team`` (what a person added is not counted)."""
    demo_journeys = Journey.objects.filter(team=team, source=DEMO_SOURCE)
    return {
        "accounts": Account.objects.filter(team=team, source=DEMO_SOURCE).count(),
        "contacts": Contact.objects.filter(team=team, source=DEMO_SOURCE).count(),
        "journeys": demo_journeys.count(),
        "stage_changes": StageChange.objects.filter(journey__in=demo_journeys).count(),
        "interactions": Interaction.objects.filter(team=team, source=DEMO_SOURCE).count(),
    }


def remove_demo_rows(team: Team) -> None:
    """Delete the demo rows of ``team`` (and whatever hangs off the demo accounts)."""
    accounts = Account.objects.filter(team=team, source=DEMO_SOURCE)
    with transaction.atomic():
        # Interactions first, in one statement: the ORM's cascade would fetch millions of ids.
        table = Interaction._meta.db_table
        account_table = Account._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE team_id = %s AND (source = %s OR account_id IN "  # noqa: S608
                f"(SELECT id FROM {account_table} WHERE team_id = %s AND source = %s))",
                [team.pk, DEMO_SOURCE, team.pk, DEMO_SOURCE],
            )
        Journey.objects.filter(account__in=accounts).delete()
        Journey.objects.filter(team=team, source=DEMO_SOURCE).delete()
        accounts.delete()


def refresh_planner_statistics() -> None:
    """Update the query planner's statistics after a big load.

    Without them SQLite may pick a poor index for the permission checks (a rep's accounts list
    took 14 s instead of 3 ms at 100,000 accounts).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def write_dataset(
    team: Team, users: dict[str, User], data: DemoDataset, progress: Progress | None = None
) -> None:
    """Write a built demo data set for ``team`` in one transaction."""
    report = progress or (lambda step, done, total: None)
    with transaction.atomic():
        account_ids = _write_accounts(team, users, data)
        report("accounts", len(account_ids), len(account_ids))
        contact_ids = _write_contacts(team, data, account_ids)
        report("contacts", len(contact_ids), len(contact_ids))
        journey_ids = _write_journeys(team, users, data, account_ids, contact_ids)
        report("journeys", len(journey_ids), len(journey_ids))
        _write_interactions(team, data, account_ids, contact_ids, journey_ids, report)


def _ids(model, team: Team) -> dict[str, int]:
    rows = model.objects.filter(team=team, source=DEMO_SOURCE).values_list("external_id", "pk")
    return dict(rows)


def _write_accounts(team: Team, users: dict[str, User], data: DemoDataset) -> dict[str, int]:
    first_seen: dict[str, object] = {}
    for item in data.interactions:  # sorted by time: the first one wins
        first_seen.setdefault(item.account, item.occurred_at)
    Account.objects.bulk_create(
        [
            Account(
                team=team,
                name=a.name,
                domain=a.domain,
                industry=a.industry,
                employees=a.employees,
                region=a.region,
                strategies=a.strategies,
                priorities=a.priorities,
                owner=users.get(a.owner) if a.owner else None,
                source=DEMO_SOURCE,
                external_id=a.external_id,
                created_at=first_seen.get(a.external_id, data.now),
                updated_at=data.now,
            )
            for a in data.accounts
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return _ids(Account, team)


def _write_contacts(team: Team, data: DemoDataset, account_ids: dict[str, int]) -> dict[str, int]:
    Contact.objects.bulk_create(
        [
            Contact(
                team=team,
                account_id=account_ids[c.account_external_id],
                first_name=c.first_name,
                last_name=c.last_name,
                title=c.title,
                email=c.email,
                phone=c.phone,
                stakeholder_role=c.stakeholder_role,
                what_matters=c.what_matters,
                may_contact=c.may_contact,
                recording_consent=c.recording_consent,
                source=DEMO_SOURCE,
                external_id=c.external_id,
                created_at=data.now,
                updated_at=data.now,
            )
            for a in data.accounts
            for c in a.contacts
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return _ids(Contact, team)


def _write_journeys(
    team: Team,
    users: dict[str, User],
    data: DemoDataset,
    account_ids: dict[str, int],
    contact_ids: dict[str, int],
) -> dict[str, int]:
    last_touch: dict[str, object] = {}
    for item in data.interactions:
        if item.journey:
            last_touch[item.journey] = item.occurred_at
    Journey.objects.bulk_create(
        [
            Journey(
                team=team,
                account_id=account_ids[j.account.external_id],
                title=j.title,
                owner=users[j.owner],
                stated_needs=j.stated_needs,
                buying_stage=str(j.final_stage),
                exit_reason=j.exit_reason,
                referred_to=j.referred_to,
                recheck_on=j.recheck_on,
                expected_value=Decimal(j.expected_value),
                currency="EUR",
                buyer_timeline=j.buyer_timeline,
                stage_changed_at=j.stage_changed_at,
                source=DEMO_SOURCE,
                external_id=j.external_id,
                created_at=j.created_at,
                updated_at=max(j.stage_changed_at, last_touch.get(j.external_id, j.created_at)),
            )
            for j in data.journeys
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    journey_ids = _ids(Journey, team)
    StageChange.objects.bulk_create(
        [
            StageChange(
                journey_id=journey_ids[j.external_id],
                from_stage=str(step.from_stage),
                to_stage=str(step.to_stage),
                changed_by=users[step.by],
                changed_at=step.at,
                reason=step.reason,
            )
            for j in data.journeys
            for step in j.steps
        ],
        batch_size=BATCH,
    )
    JourneyStakeholder.objects.bulk_create(
        [
            JourneyStakeholder(
                journey_id=journey_ids[j.external_id],
                contact_id=contact_ids[seat.contact_external_id],
                stakeholder_role="",
                influence=seat.influence,
                stance=seat.stance,
            )
            for j in data.journeys
            for seat in j.seats
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return journey_ids


def _write_interactions(
    team: Team,
    data: DemoDataset,
    account_ids: dict[str, int],
    contact_ids: dict[str, int],
    journey_ids: dict[str, int],
    report: Progress,
) -> None:
    items = data.interactions
    total = len(items)
    for start in range(0, total, BATCH * 5):
        chunk = items[start : start + BATCH * 5]
        Interaction.objects.bulk_create(
            [
                Interaction(
                    team=team,
                    account_id=account_ids[i.account],
                    contact_id=contact_ids[i.contact] if i.contact else None,
                    journey_id=journey_ids[i.journey] if i.journey else None,
                    kind=str(i.kind),
                    occurred_at=i.occurred_at,
                    page_type=str(i.page_type),
                    url=i.url,
                    subject=i.subject,
                    source=DEMO_SOURCE,
                    external_id=i.external_id,
                    properties=i.properties,
                    created_at=i.occurred_at,
                )
                for i in chunk
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        report("interactions", min(start + len(chunk), total), total)
