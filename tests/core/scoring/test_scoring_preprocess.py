"""Column kinds, imputation and category handling, learned from training rows only."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpfirst.core.errors import DataValidationError, ModelNotFittedError
from helpfirst.core.scoring.preprocess import (
    OTHER_CATEGORY,
    ColumnKind,
    TabularPreprocessor,
    infer_column_kind,
)
from helpfirst.core.scoring.table import FeatureTable


def kind(values):
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return infer_column_kind(array)[0]


def test_infers_kinds():
    assert kind(["1", "2.5", "", "7"]) is ColumnKind.NUMERIC
    assert kind(["Yes", "No", "no", None]) is ColumnKind.BOOLEAN
    assert kind(["a", "b", "a", "c"]) is ColumnKind.CATEGORICAL
    assert kind(["x", "x", ""]) is ColumnKind.IGNORED
    assert kind([f"id-{i}" for i in range(100)]) is ColumnKind.IGNORED


def test_rare_and_unseen_categories_become_other_and_missing_stays_nan():
    train = FeatureTable.from_columns({"src": ["a"] * 12 + ["b"] * 3, "n": list(range(15))})
    pre = TabularPreprocessor(min_category_count=5).fit(train)
    codes = pre.transform(FeatureTable.from_columns({"src": ["a", "b", "zzz", ""], "n": [1] * 4}))
    assert codes[0, 0] == 0.0
    assert codes[1, 0] == codes[2, 0] == 1.0  # rare "b" and unseen "zzz" share "(other)"
    assert np.isnan(codes[3, 0])
    assert pre.decode("src", 1.0) == OTHER_CATEGORY


def test_categories_are_learned_from_training_rows_only():
    train = FeatureTable.from_columns({"src": ["a"] * 10 + ["b"] * 10})
    later = FeatureTable.from_columns({"src": ["c"] * 50})
    pre = TabularPreprocessor(min_category_count=5).fit(train)
    assert pre.plans_[0].categories == ("a", "b")
    assert set(pre.transform(later)[:, 0]) == {2.0}


def test_not_fitted_and_no_usable_columns():
    with pytest.raises(ModelNotFittedError):
        TabularPreprocessor().transform(FeatureTable.from_columns({"a": [1]}))
    with pytest.raises(DataValidationError, match="no usable predictor"):
        TabularPreprocessor().fit(FeatureTable.from_columns({"a": ["x", "x"]}))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.floats(-1e6, 1e6), st.sampled_from(["", "NA", "x"])),
        min_size=3,
        max_size=40,
    )
)
def test_transform_is_row_wise_and_shape_stable(cells):
    table = FeatureTable.from_columns(
        {"v": cells, "w": ["p", "q", "r"] * (len(cells) // 3) + ["p"] * (len(cells) % 3)}
    )
    pre = TabularPreprocessor(min_category_count=1).fit(table)
    full = pre.transform(table)
    assert full.shape == (len(cells), len(pre.feature_names_))
    # encoding one row alone gives the same numbers as encoding it among others
    one = pre.transform(table.take([len(cells) - 1]))
    np.testing.assert_array_equal(one[0], full[-1])
