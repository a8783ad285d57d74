"""Name the demo sizes: how many accounts, contacts, journeys and interactions each one makes."""

from __future__ import annotations

from dataclasses import dataclass

from helpfirst.core.errors import DataValidationError

DEFAULT_SEED = 20240607


@dataclass(frozen=True)
class DemoSize:
    """Say how big a demo is.

    The curated part (``accounts`` … ``interactions``) is written row by row with every pattern a
    person looks for in the web app; ``bulk_accounts`` and ``bulk_interactions`` are added
    vectorised on top, for benchmarks (``large``).
    """

    name: str
    accounts: int
    contacts: int
    journeys: int
    interactions: int
    bulk_accounts: int = 0
    bulk_interactions: int = 0

    @property
    def total_accounts(self) -> int:
        return self.accounts + self.bulk_accounts

    @property
    def total_interactions(self) -> int:
        return self.interactions + self.bulk_interactions


SIZES: dict[str, DemoSize] = {
    # Same code paths as "small", small enough for tests.
    "tiny": DemoSize("tiny", accounts=16, contacts=52, journeys=20, interactions=3_000),
    "small": DemoSize("small", accounts=120, contacts=400, journeys=150, interactions=30_000),
    "large": DemoSize(
        "large",
        accounts=120,
        contacts=400,
        journeys=150,
        interactions=30_000,
        bulk_accounts=100_000 - 120,
        bulk_interactions=10_000_000 - 30_000,
    ),
}


def demo_size(name: str) -> DemoSize:
    """Return the demo size called ``name`` (tiny, small or large)."""
    try:
        return SIZES[name]
    except KeyError:
        known = ", ".join(SIZES)
        raise DataValidationError(
            f"Unknown demo size {name!r}; use one of: {known}.", field="size"
        ) from None
