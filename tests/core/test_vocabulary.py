"""Tests for the shared vocabulary: values, labels, predicates."""

import pytest

from helpfirst.core import vocabulary as v
from helpfirst.core.vocabulary import BuyingStage, InteractionKind, StakeholderRole


def test_stage_values_are_the_documented_strings():
    assert [s.value for s in v.STAGE_ORDER] == [
        "exploring_problem",
        "exploring_solutions",
        "evaluating",
        "deciding",
        "implementing",
        "realising_value",
        "expanding",
    ]
    assert {s.value for s in v.EXIT_STAGES} == {
        "not_a_fit",
        "paused",
        "chose_alternative",
        "no_decision",
        "churned",
    }


@pytest.mark.parametrize(
    "enum",
    [
        v.BuyingStage,
        v.InteractionKind,
        v.PageType,
        v.Direction,
        v.TouchIntent,
        v.StakeholderRole,
        v.ContentFormat,
    ],
)
def test_every_value_has_a_label_and_choices_keep_order(enum):
    pairs = v.choices(enum)
    assert [value for value, _ in pairs] == [m.value for m in enum]
    assert all(label and label != value for value, label in pairs if value != "other")


def test_labels_are_in_the_buyers_language():
    assert v.stage_label("exploring_problem") == "Exploring the problem"
    assert v.label("economic_buyer", StakeholderRole) == "Economic buyer"
    assert v.label("something_new", StakeholderRole) == "something_new"


def test_predicates_split_open_customer_and_exit_stages():
    assert v.is_open_stage("deciding")
    assert not v.is_exit("deciding")
    assert v.is_exit("churned")
    assert not v.is_open_stage("churned")
    assert v.is_customer_stage("realising_value")
    assert not v.is_pre_sale_stage("realising_value")
    assert v.is_pre_sale_stage(BuyingStage.EVALUATING)
    assert not v.is_open_stage(None)
    assert not v.is_exit(None)
    assert v.OPEN_STAGES == v.PRE_SALE_STAGES | v.CUSTOMER_STAGES
    assert not v.OPEN_STAGES & v.EXIT_STAGES
    assert v.stage_index("deciding") == 3
    with pytest.raises(ValueError, match="not_a_fit"):
        v.stage_index("not_a_fit")


def test_direction_defaults_from_kind():
    assert v.default_direction(InteractionKind.EMAIL_SENT) == "outbound"
    assert v.default_direction("call") == "outbound"
    assert v.default_direction("page_view") == "inbound"
    assert v.default_direction("email_replied") == "inbound"


def test_str_enum_members_compare_equal_to_stored_strings():
    assert BuyingStage("deciding") == "deciding"
    assert "pricing" in set(v.PageType)


def test_journey_analytics_never_load_django():
    import subprocess
    import sys

    code = (
        "import sys, helpfirst.core.vocabulary, helpfirst.core.journey, "
        "helpfirst.core.prioritise, helpfirst.core.next_action; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
