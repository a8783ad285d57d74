"""Retention cut-offs: what is older than the cut-off goes."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from enum import StrEnum


class RetentionUnit(StrEnum):
    DAYS = "days"
    MONTHS = "months"


def retention_cutoff(now: datetime, amount: int, unit: str | RetentionUnit) -> datetime:
    """Return the moment before which data kept for ``amount`` ``unit`` is due to go.

    Months are calendar months (31 March minus one month is 28/29 February).
    """
    if amount < 0:
        raise ValueError("a retention period cannot be negative")
    if RetentionUnit(unit) == RetentionUnit.DAYS:
        return now - timedelta(days=amount)
    month_index = now.year * 12 + (now.month - 1) - amount
    year, month = divmod(month_index, 12)
    month += 1
    day = min(now.day, calendar.monthrange(year, month)[1])
    return now.replace(year=year, month=month, day=day)
