"""Pressure tactics are judged in context, not by keywords."""

from __future__ import annotations

from helpfirst.core.conversation import analyse_call, parse_transcript


def tactics(text: str) -> list[str]:
    analysis = analyse_call(parse_transcript(text), ["Rep"])
    return [t["kind"] for t in analysis.as_dict()["pressure_tactics"]]


def test_buyers_own_deadline_is_not_false_urgency():
    text = (
        "Buyer: Our warehouse opens on March 1, so we need scanners by then.\n"
        "Rep: To hit your March 1 opening we'd need to sign by February 10.\n"
    )
    assert tactics(text) == []


def test_seller_invented_deadline_is_false_urgency():
    text = "Buyer: We are still looking.\nRep: This discount ends Friday, so sign this week.\n"
    assert tactics(text) == ["false_urgency"]


def test_no_pressure_at_all_is_not_pressure():
    text = (
        "Rep: There's no pressure at all, take your time.\n"
        "Buyer: Thanks.\nRep: No rush on our side either.\n"
    )
    assert tactics(text) == []


def test_pressing_on_after_no_is_ignoring_no():
    text = (
        "Rep: Shall we book a demo?\nBuyer: No thanks, we're not interested.\n"
        "Rep: I hear you, but just give me five minutes.\n"
    )
    assert tactics(text) == ["ignoring_no"]


def test_accepting_a_no_gracefully_is_fine():
    text = (
        "Rep: Shall we book a demo?\nBuyer: We decided not to go ahead this year.\n"
        "Rep: Thanks for telling me, that's fair. Can I ask what would need to change?\n"
    )
    assert tactics(text) == []


def test_contract_after_buyer_said_go_ahead_is_not_assumptive():
    text = (
        "Buyer: We'd like to go ahead with the team plan.\n"
        "Rep: Great, I'll send the contract this afternoon.\n"
    )
    assert tactics(text) == []


def test_contract_before_buyer_agreed_is_assumptive():
    text = (
        "Buyer: It looks nice.\n"
        "Rep: Great, I'll send the contract this afternoon so we can get you started Monday.\n"
    )
    assert tactics(text) == ["assumptive_close"]


def test_buyer_words_are_never_seller_tactics():
    text = (
        "Rep: How can I help?\n"
        "Buyer: Our offer ends Friday and your competitors are already ahead.\n"
    )
    assert tactics(text) == []
