"""Date-like text columns: recognised, expanded into parts, never a crash on bad cells."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.scoring.dates import (
    date_parts_of,
    encode_dates,
    looks_like_dates,
    parse_date,
)
from helpfirst.core.scoring.preprocess import ColumnKind, TabularPreprocessor
from helpfirst.core.scoring.table import FeatureTable


def cells(values):
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def test_parses_the_usual_shapes_and_refuses_the_rest():
    assert parse_date("2018-02-26 19:58:54") == (dt.datetime(2018, 2, 26, 19, 58), True, True)
    assert parse_date("2018/02/26") == (dt.datetime(2018, 2, 26), True, False)
    assert parse_date("2017-10") == (dt.datetime(2017, 10, 1), False, False)
    assert parse_date("2018-02-26T07:05:00+01:00") == (dt.datetime(2018, 2, 26, 7, 5), True, True)
    for bad in ("2018-13-01", "2018-02-30", "26/02/2018", "12.5", "soon", "", None, 2018):
        assert parse_date(bad) is None


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=30), st.none(), st.floats(), st.integers()))
def test_never_raises_on_any_cell(value):
    parse_date(value)
    encode_dates(cells([value, "2018-01-02"]), ("days", "month", "weekday", "hour"))


def test_a_column_is_dates_only_when_nearly_all_values_are():
    assert looks_like_dates(cells(["2018-01-02", "2018-03-04", "", "2018-05-06"]))
    assert not looks_like_dates(cells(["2018-01-02", "x", "y", "2018-05-06"]))
    assert not looks_like_dates(cells(["2018-01-02", "2018-01-02"]))  # a single moment
    assert not looks_like_dates(cells(["", None]))


def test_parts_follow_what_varies_and_encode_in_order():
    months = cells(["2017-10", "2018-01", "2018-02"])
    assert date_parts_of(months) == ("days", "month")
    stamps = cells(["2018-02-26 19:58:54", "2018-02-27 08:00:00", "bad"])
    assert date_parts_of(stamps) == ("days", "weekday", "hour")  # one month only
    encoded = encode_dates(stamps, ("days", "weekday", "hour"))
    monday = dt.date(2018, 2, 26)
    assert encoded[0].tolist() == [monday.toordinal() + (19 * 60 + 58) / 1440, 0.0, 19.0]
    assert encoded[1, 1:].tolist() == [1.0, 8.0]
    assert np.isnan(encoded[2]).all()


def test_preprocessor_expands_a_timestamp_column_instead_of_ignoring_it():
    days = [f"2018-{m:02d}-{d:02d} 1{d % 10}:00:00" for m in (1, 2, 3) for d in range(1, 28)]
    table = FeatureTable.from_columns({"created": days, "n": list(range(len(days)))})
    pre = TabularPreprocessor().fit(table)
    assert pre.plans_[0].kind is ColumnKind.DATE
    assert pre.feature_names_[:4] == [
        "created (days)",
        "created (month)",
        "created (weekday)",
        "created (hour)",
    ]
    assert pre.used_columns_ == ["created", "n"]
    matrix = pre.transform(table)
    assert matrix.shape == (len(days), 5)
    assert matrix[0, 1] == 1.0
    assert pre.categorical_mask_.tolist() == [False] * 5
    assert pre.decode("created (month)", 2.0) == 2.0
    off = TabularPreprocessor(read_dates=False).fit(table)
    assert off.plans_[0].kind is ColumnKind.IGNORED  # every value differs: an identifier
