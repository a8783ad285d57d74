"""Name the demo selling team: three reps, their manager and an admin, with fixed demo logins.

The passwords are documented on purpose: this is demo data on a laptop. They are stored hashed
like any other (see :func:`helpfirst.demo.store.ensure_demo_people`). Plain data only: this
module imports no Django, so the demo data set can be built without a database.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_TEAM_NAME = "Northwind Analytics"
DEMO_TEAM_SLUG = "northwind-analytics"
DEMO_EMAIL_DOMAIN = "northwind-analytics.example"


@dataclass(frozen=True)
class DemoPerson:
    """One person on the demo team and their demo login."""

    username: str
    password: str
    first_name: str
    last_name: str
    role: str
    title: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def email(self) -> str:
        return f"{self.username}@{DEMO_EMAIL_DOMAIN}"


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("ana", "demo-rep-1", "Ana", "Ruiz", "rep", "Account Executive"),
    DemoPerson("ben", "demo-rep-2", "Ben", "Okafor", "rep", "Account Executive"),
    DemoPerson("chloe", "demo-rep-3", "Chloe", "Martin", "rep", "Account Executive"),
    DemoPerson("maya", "demo-manager", "Maya", "Lindqvist", "manager", "Head of Sales"),
    DemoPerson("admin", "demo-admin", "Sam", "Admin", "admin", "Workspace admin"),
)
DEMO_REPS: tuple[DemoPerson, ...] = tuple(p for p in DEMO_PEOPLE if p.role == "rep")
DEMO_MANAGER: DemoPerson = next(p for p in DEMO_PEOPLE if p.role == "manager")


def demo_logins() -> list[dict[str, str]]:
    """Return the demo logins to print: username, password, role and name."""
    return [
        {"username": p.username, "password": p.password, "role": p.role, "name": p.full_name}
        for p in DEMO_PEOPLE
    ]
