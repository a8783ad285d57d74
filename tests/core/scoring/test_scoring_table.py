"""Reading CSV files into tables and separating the target."""

from __future__ import annotations

import csv
import gzip
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.errors import DataValidationError, ImportFileError
from helpfirst.core.scoring.table import FeatureTable, is_missing, read_table, split_target


def test_reads_semicolon_file_with_quoted_fields(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text(
        '"age";"job";"note";"y"\n56;"housemaid";"said; call later";"no"\n41;"admin.";"";"yes"\n'
    )
    table = read_table(path)
    assert table.names == ["age", "job", "note", "y"]
    assert table.columns["note"].tolist() == ["said; call later", ""]
    assert table.n_rows == 2


def test_reads_gzip_file(tmp_path):
    path = tmp_path / "calls.csv.gz"
    path.write_bytes(gzip.compress(b"a,b\n1,x\n2,y\n"))
    assert read_table(path).columns["b"].tolist() == ["x", "y"]


def test_ragged_row_names_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n3\n")
    with pytest.raises(ImportFileError, match="line 3"):
        read_table(path)


def test_missing_file_is_an_import_error(tmp_path):
    with pytest.raises(ImportFileError, match="not found"):
        read_table(tmp_path / "nope.csv")


@settings(max_examples=40, deadline=None)
@given(
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    cells=st.lists(
        st.lists(
            st.text(alphabet="ab ;,|\"'xyz0123", min_size=1, max_size=6), min_size=3, max_size=3
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_round_trips_any_delimiter_and_quoting(tmp_path_factory, delimiter, cells):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL)
    writer.writerow(["first", "second", "third"])
    writer.writerows(cells)
    path = tmp_path_factory.mktemp("rt") / "t.csv"
    path.write_text(buffer.getvalue())
    table = read_table(path)
    assert table.names == ["first", "second", "third"]
    assert [list(r) for r in zip(*table.columns.values(), strict=False)] == cells


def test_split_target_encodes_positive_and_drops_target():
    table = FeatureTable.from_columns({"x": [1, 2, 3], "y": ["no", "yes", "no"]})
    rest, y = split_target(table, "y")
    assert rest.names == ["x"]
    assert y.tolist() == [0, 1, 0]
    _, y2 = split_target(table, "y", positive="no")
    assert y2.tolist() == [1, 0, 1]


@pytest.mark.parametrize(
    ("columns", "positive", "message"),
    [
        ({"x": [1, 2]}, None, "not found"),
        ({"x": [1, 2], "y": ["a", "a"]}, None, "single class"),
        ({"x": [1, 2], "y": ["no", "yes"]}, "maybe", "never occurs"),
        ({"x": [1, 2, 3], "y": ["a", "b", "c"]}, None, "--positive"),
        ({"x": [1, 2], "y": ["yes", ""]}, None, "missing"),
    ],
)
def test_split_target_errors_say_what_to_do(columns, positive, message):
    with pytest.raises(DataValidationError, match=message):
        split_target(FeatureTable.from_columns(columns), "y", positive)


def test_missing_markers():
    assert is_missing(None)
    assert is_missing("")
    assert is_missing(" NA ")
    assert is_missing(np.nan)
    assert not is_missing("0")
    assert not is_missing(0)
