"""Field types shared by the API schemas (bounded so no value can overflow a database column)."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Path

MAX_ID = 2**53 - 1
MAX_COUNT = 2_000_000_000

ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
