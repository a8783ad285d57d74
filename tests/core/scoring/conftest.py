"""Shared synthetic tables for the scoring tests (small, so the suite stays fast)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from helpfirst.core.scoring.table import FeatureTable


def shared_data_dir() -> Path:
    """Return the shared data folder (``HELPFIRST_SHARED_DATA`` or ``<repo>/../shared/data``)."""
    default = Path(__file__).resolve().parents[3].parent / "shared" / "data"
    return Path(os.environ.get("HELPFIRST_SHARED_DATA", default))


def synthetic_leads(n: int = 600, seed: int = 0) -> tuple[FeatureTable, np.ndarray]:
    """Build leads where page views and the 'referral' source drive conversion; noise is noise."""
    rng = np.random.default_rng(seed)
    views = rng.poisson(3, n).astype(float)
    source = rng.choice(["referral", "ads", "social", "email"], n)
    noise = rng.normal(size=n)
    opt_out = rng.choice(["yes", "no"], n, p=[0.1, 0.9])
    logit = -2.0 + 0.6 * views + 1.5 * (source == "referral")
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    views_cells: list[object] = [str(int(v)) for v in views]
    for i in rng.choice(n, n // 20, replace=False):
        views_cells[i] = ""  # some missing values
    table = FeatureTable.from_columns(
        {
            "page_views": views_cells,
            "lead_source": list(source),
            "noise": [f"{v:.3f}" for v in noise],
            "do_not_email": list(opt_out),
        }
    )
    return table, y


@pytest.fixture
def leads() -> tuple[FeatureTable, np.ndarray]:
    return synthetic_leads()


@pytest.fixture(scope="session")
def make_leads():
    return synthetic_leads


@pytest.fixture
def shared_data() -> Path:
    folder = shared_data_dir()
    if not folder.is_dir():
        pytest.skip(f"shared data folder {folder} is absent (set HELPFIRST_SHARED_DATA)")
    return folder
