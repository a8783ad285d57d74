"""Plan the demo's buyer journeys: who, which need in whose words, and every stage move.

Each journey gets a fit class first (``clear``, ``poor`` or ``ambiguous``), its stated needs in
the buyer's words from that (see :mod:`helpfirst.demo.topics`), an outcome that follows from it
(poor fits mostly step aside early or churn later; clear fits mostly realise value), and a full
stage history with who moved it, when and why. Every stage and every exit appears at least once.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from helpfirst.core.vocabulary import STAGE_ORDER, BuyingStage
from helpfirst.demo.companies import AccountSeed
from helpfirst.demo.journey_words import (
    VAGUE_NEEDS,
    context_sentence,
    exit_reason,
    move_reason,
    timeline_sentence,
)
from helpfirst.demo.topics import NeedTopic

S = BuyingStage
ALL_STAGES: tuple[str, ...] = tuple(S)
# How many journeys end where, per 150 (before the one-of-each guarantee).
FINAL_STAGE_WEIGHTS: dict[str, int] = {
    S.EXPLORING_PROBLEM: 14, S.EXPLORING_SOLUTIONS: 15, S.EVALUATING: 16, S.DECIDING: 12,
    S.IMPLEMENTING: 10, S.REALISING_VALUE: 15, S.EXPANDING: 8, S.NOT_A_FIT: 15, S.PAUSED: 10,
    S.CHOSE_ALTERNATIVE: 12, S.NO_DECISION: 12, S.CHURNED: 11,
}
# P(clear, poor, ambiguous) per final stage: poor fits step aside early or churn later.
FIT_MIX: dict[str, tuple[float, float, float]] = {
    S.NOT_A_FIT: (0.0, 0.9, 0.1),
    S.CHURNED: (0.1, 0.6, 0.3),
    S.REALISING_VALUE: (0.85, 0.0, 0.15),
    S.EXPANDING: (0.9, 0.0, 0.1),
    S.IMPLEMENTING: (0.7, 0.1, 0.2),
    S.CHOSE_ALTERNATIVE: (0.4, 0.2, 0.4),
    S.NO_DECISION: (0.3, 0.1, 0.6),
    S.PAUSED: (0.5, 0.0, 0.5),
}
OPEN_FIT_MIX = (0.55, 0.15, 0.30)
# The stage an exit happens from (choices).
EXIT_FROM: dict[str, tuple[str, ...]] = {
    S.NOT_A_FIT: (S.EXPLORING_PROBLEM, S.EXPLORING_PROBLEM, S.EXPLORING_SOLUTIONS, S.EVALUATING),
    S.PAUSED: (S.EXPLORING_SOLUTIONS, S.EVALUATING, S.DECIDING),
    S.CHOSE_ALTERNATIVE: (S.EVALUATING, S.DECIDING, S.DECIDING),
    S.NO_DECISION: (S.EVALUATING, S.DECIDING, S.DECIDING),
    S.CHURNED: (S.IMPLEMENTING, S.REALISING_VALUE, S.REALISING_VALUE),
}
# Typical days a buyer spends in each stage (low, high).
STAGE_DAYS: dict[str, tuple[int, int]] = {
    S.EXPLORING_PROBLEM: (8, 25), S.EXPLORING_SOLUTIONS: (10, 28), S.EVALUATING: (14, 35),
    S.DECIDING: (8, 24), S.IMPLEMENTING: (20, 40), S.REALISING_VALUE: (30, 70),
    S.EXPANDING: (15, 40),
}
MAX_HISTORY_DAYS = 178
# How many people of the buying committee are involved, by the furthest stage reached.
COMMITTEE_SIZE: dict[str, tuple[int, int]] = {
    S.EXPLORING_PROBLEM: (1, 1), S.EXPLORING_SOLUTIONS: (1, 2), S.EVALUATING: (2, 3),
    S.DECIDING: (3, 5), S.IMPLEMENTING: (3, 5), S.REALISING_VALUE: (3, 5), S.EXPANDING: (4, 6),
}


@dataclass
class StageStep:
    """One move in a journey's history."""

    from_stage: str
    to_stage: str
    at: datetime
    by: str
    reason: str


@dataclass
class SeatPlan:
    """One person's seat on a journey's buying committee."""

    contact_external_id: str
    role: str
    influence: int
    stance: str


@dataclass
class JourneyPlan:
    """Everything the loader writes for one journey, and what the interactions follow."""

    external_id: str
    account: AccountSeed
    owner: str
    title: str
    stated_needs: str
    fit: str
    problem: NeedTopic | None
    anti_fit: NeedTopic | None
    final_stage: str
    steps: list[StageStep]
    expected_value: int
    buyer_timeline: date | None
    exit_reason: str = ""
    referred_to: str = ""
    recheck_on: date | None = None
    seats: list[SeatPlan] = field(default_factory=list)

    @property
    def created_at(self) -> datetime:
        return self.steps[0].at

    @property
    def stage_changed_at(self) -> datetime:
        return self.steps[-1].at

    @property
    def stages_reached(self) -> list[str]:
        return [step.to_stage for step in self.steps]

    def stage_periods(self, now: datetime) -> list[tuple[str, datetime, datetime]]:
        """Return ``(stage, start, end)`` for each stage in the history, the last one up to now."""
        periods = []
        for step, nxt in zip(self.steps, [*self.steps[1:], None], strict=True):
            periods.append((step.to_stage, step.at, nxt.at if nxt else now))
        return periods


def final_stage_deck(count: int, rng: random.Random) -> list[str]:
    """Return ``count`` final stages: each stage and exit at least once, the rest by weight."""
    deck = list(ALL_STAGES)[:count]
    stages = list(FINAL_STAGE_WEIGHTS)
    weights = list(FINAL_STAGE_WEIGHTS.values())
    deck += rng.choices(stages, weights=weights, k=max(0, count - len(deck)))
    rng.shuffle(deck)
    return deck


def plan_journeys(
    accounts: Sequence[AccountSeed],
    count: int,
    reps: Sequence[str],
    manager: str,
    problems: Sequence[NeedTopic],
    anti_fits: Sequence[NeedTopic],
    now: datetime,
    rng: random.Random,
) -> list[JourneyPlan]:
    """Plan ``count`` journeys over ``accounts`` (some have two, about one in five has none)."""
    with_journeys = max(1, min(len(accounts), round(count * 0.72)))
    hosts = list(accounts[:with_journeys])
    slots = hosts + [rng.choice(hosts) for _ in range(count - len(hosts))]
    plans = []
    for index, (account, final) in enumerate(
        zip(slots, final_stage_deck(count, rng), strict=True)
    ):
        plans.append(
            _plan_one(index, account, final, reps, manager, problems, anti_fits, now, rng)
        )
    return plans


def _plan_one(
    index: int,
    account: AccountSeed,
    final: str,
    reps: Sequence[str],
    manager: str,
    problems: Sequence[NeedTopic],
    anti_fits: Sequence[NeedTopic],
    now: datetime,
    rng: random.Random,
) -> JourneyPlan:
    clear, poor, _ambiguous = FIT_MIX.get(final, OPEN_FIT_MIX)
    draw = rng.random()
    fit = "clear" if draw < clear else "poor" if draw < clear + poor else "ambiguous"
    suiting = [p for p in problems if p.suits(account.industry, account.employees)]
    problem = rng.choice(suiting or list(problems)) if fit != "poor" else None
    fitting_anti = [a for a in anti_fits if a.suits(account.industry, account.employees)]
    anti_pool = fitting_anti or list(anti_fits)
    anti_fit = rng.choice(anti_pool) if fit == "poor" or rng.random() < 0.3 else None
    if fit == "clear":
        anti_fit = None
    owner = account.owner or rng.choice(list(reps))
    if rng.random() < 0.1:
        owner = rng.choice([r for r in reps if r != owner] or list(reps))
    path = _stage_path(final, rng)
    steps = _timed_steps(path, final, owner, manager, problem, anti_fit, now, rng)
    needs = _stated_needs(fit, problem, anti_fit, account, steps[0].at, rng)
    topic = problem or anti_fit
    short_name = account.name.split(" ")[0]
    title = f"{topic.title if topic else 'Getting more from our data'} — {short_name}"
    if fit == "ambiguous" and rng.random() < 0.5:
        theme = rng.choice(["Reporting clean-up", "Data strategy", "Analytics options"])
        title = f"{theme} — {short_name}"
    plan = JourneyPlan(
        external_id=f"demo-journey-{index + 1:04d}",
        account=account,
        owner=owner,
        title=title,
        stated_needs=needs,
        fit=fit,
        problem=problem,
        anti_fit=anti_fit,
        final_stage=final,
        steps=steps,
        expected_value=_expected_value(account.employees, rng),
        buyer_timeline=None,
    )
    _finish_outcome(plan, now, rng)
    plan.seats = _seats(account, path, rng)
    return plan


def _stage_path(final: str, rng: random.Random) -> list[str]:
    """Return the stages a journey went through, ending at ``final`` (an exit last)."""
    exit_stage = None
    last_open = final
    if final in EXIT_FROM:
        exit_stage = final
        last_open = rng.choice(EXIT_FROM[final])
    start = S.EXPLORING_PROBLEM
    if STAGE_ORDER.index(last_open) >= 1 and rng.random() < 0.3:
        start = S.EXPLORING_SOLUTIONS  # they came to us already knowing the problem
    path = list(STAGE_ORDER[STAGE_ORDER.index(start) : STAGE_ORDER.index(last_open) + 1])
    if exit_stage:
        path.append(exit_stage)
    return path


def _timed_steps(
    path: list[str],
    final: str,
    owner: str,
    manager: str,
    problem: NeedTopic | None,
    anti_fit: NeedTopic | None,
    now: datetime,
    rng: random.Random,
) -> list[StageStep]:
    """Give each move a time (all before ``now``), a mover and a reason in plain words."""
    open_stages = [s for s in path if s in STAGE_DAYS]
    durations = [rng.uniform(*STAGE_DAYS[s]) for s in open_stages]
    if final in (S.CHURNED, S.NO_DECISION):
        durations[-1] = max(durations[-1], 42.0)  # room for the silence before the end
    if final in EXIT_FROM:
        tail = rng.uniform(35, 75) if final == S.CHURNED else rng.uniform(4, 60)
    else:
        durations[-1] = rng.uniform(2, STAGE_DAYS[final][1])  # still in the stage today
        tail = 0.0
    total = sum(durations) + tail
    if total > MAX_HISTORY_DAYS:
        scale = MAX_HISTORY_DAYS / total
        durations = [d * scale for d in durations]
        tail *= scale
        total = MAX_HISTORY_DAYS
    moment = now - timedelta(days=total)
    moment = _working_hours(moment, rng)
    steps: list[StageStep] = []
    previous = ""
    for position, stage in enumerate(path):
        if position:
            moment = _working_hours(moment + timedelta(days=durations[position - 1]), rng)
            moment = max(moment, steps[-1].at + timedelta(hours=2))
            moment = min(moment, now - timedelta(hours=1))
        by = manager if position and rng.random() < 0.12 else owner
        if position == 0:
            reason = move_reason("", stage, rng)
        elif stage in EXIT_FROM:
            reason = exit_reason(stage, anti_fit, rng)
        else:
            reason = move_reason(previous, stage, rng)
        steps.append(StageStep(previous, stage, moment, by, reason))
        previous = stage
    return steps


def _working_hours(moment: datetime, rng: random.Random) -> datetime:
    """Move ``moment`` onto a weekday between 08:00 and 18:00 (UTC) near it."""
    while moment.weekday() >= 5:
        moment -= timedelta(days=1)
    return moment.replace(hour=rng.randint(8, 17), minute=rng.randrange(0, 60, 5), second=0,
                          microsecond=0)


def _stated_needs(
    fit: str,
    problem: NeedTopic | None,
    anti_fit: NeedTopic | None,
    account: AccountSeed,
    opened: datetime,
    rng: random.Random,
) -> str:
    """Write what the buyer said they need, in their words."""
    parts = [context_sentence(account, rng)]
    if fit == "clear" and problem:
        parts += _sample_phrasings(problem, 2, rng)
    elif fit == "poor" and anti_fit:
        parts += _sample_phrasings(anti_fit, 2, rng)
    elif problem and anti_fit:
        parts += _sample_phrasings(problem, 1, rng) + _sample_phrasings(anti_fit, 1, rng)
    else:
        parts.append(rng.choice(VAGUE_NEEDS))
    parts.append(timeline_sentence(opened, rng))
    return " ".join(_sentence(p) for p in parts if p)


def _sample_phrasings(topic: NeedTopic, k: int, rng: random.Random) -> list[str]:
    return rng.sample(list(topic.phrasings), k=min(k, len(topic.phrasings)))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".?!" else text + "."


def _expected_value(employees: int, rng: random.Random) -> int:
    base = 6_000 + employees * rng.uniform(18, 45)
    return int(min(base, 180_000) // 500 * 500)


def _finish_outcome(plan: JourneyPlan, now: datetime, rng: random.Random) -> None:
    """Fill in the buyer's timeline, and an exit's reason, referral and re-check date."""
    final = plan.final_stage
    last = plan.steps[-1]
    if final in EXIT_FROM:
        plan.exit_reason = last.reason
        if final == S.NOT_A_FIT and plan.anti_fit and plan.anti_fit.referral:
            plan.referred_to = plan.anti_fit.referral
        if final in (S.NOT_A_FIT, S.PAUSED, S.NO_DECISION):
            # Some re-checks are due already, so the nurture list has work on it.
            plan.recheck_on = (last.at + timedelta(days=rng.choice([45, 60, 90, 120, 180]))).date()
        plan.buyer_timeline = (last.at + timedelta(days=rng.randint(-10, 30))).date()
    elif final in (S.IMPLEMENTING, S.REALISING_VALUE, S.EXPANDING):
        signed = next(s.at for s in plan.steps if s.to_stage == S.IMPLEMENTING)
        plan.buyer_timeline = (signed + timedelta(days=rng.randint(-7, 14))).date()
    else:
        plan.buyer_timeline = (now + timedelta(days=rng.randint(20, 130))).date()


def _seats(account: AccountSeed, path: list[str], rng: random.Random) -> list[SeatPlan]:
    """Seat the buying committee: bigger the further the journey got."""
    furthest = max((s for s in path if s in COMMITTEE_SIZE), key=STAGE_ORDER.index)
    low, high = COMMITTEE_SIZE[furthest]
    size = min(len(account.contacts), rng.randint(low, high))
    seats = []
    for contact in account.contacts[:size]:
        role = contact.stakeholder_role
        influence = {"economic_buyer": 5, "champion": 4, "technical_evaluator": 4}.get(
            role, rng.randint(2, 3)
        )
        stance = "supporter" if role == "champion" else "sceptic" if role == "blocker" else (
            rng.choice(["supporter", "neutral", "neutral", "sceptic"])
        )
        seats.append(SeatPlan(contact.external_id, role, influence, stance))
    return seats

