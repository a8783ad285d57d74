"""Compare who the buyer is (industry, size, roles) with who typically has our problems."""

from __future__ import annotations

from helpfirst.core.fit.assessment import AntiFitHit, BuyerEvidence
from helpfirst.core.playbook import AntiFitSpec, ProblemSpec


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("&", "and").split())


def industry_matches(industry: str, listed: tuple[str, ...]) -> bool:
    """Return whether an industry is one of the listed ones (case and spacing ignored)."""
    wanted = _norm(industry)
    return any(wanted == _norm(item) or _norm(item) in wanted for item in listed if item)


def _within(employees: int, low: int | None, high: int | None) -> bool:
    return (low is None or employees >= low) and (high is None or employees <= high)


def _size_range(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low:,}–{high:,} people"
    if low is not None:
        return f"{low:,}+ people"
    return f"up to {high:,} people"


def problem_profile_fit(
    problem: ProblemSpec, evidence: BuyerEvidence
) -> tuple[float | None, tuple[str, ...]]:
    """Return the share of known profile checks that agree (None if none can be made) + notes."""
    checks: list[bool] = []
    notes: list[str] = []
    if problem.industries and evidence.industry:
        ok = industry_matches(evidence.industry, problem.industries)
        checks.append(ok)
        if not ok:
            notes.append(
                f"{evidence.industry} is not an industry where we usually see “{problem.title}”."
            )
    has_range = problem.company_size_min is not None or problem.company_size_max is not None
    if has_range and evidence.employees is not None:
        ok = _within(evidence.employees, problem.company_size_min, problem.company_size_max)
        checks.append(ok)
        if not ok:
            notes.append(
                f"{evidence.employees:,} people is outside the "
                f"{_size_range(problem.company_size_min, problem.company_size_max)} "
                f"we usually help with “{problem.title}”."
            )
    if problem.roles and evidence.contact_titles:
        roles = [_norm(r) for r in problem.roles]
        checks.append(any(r in _norm(t) for t in evidence.contact_titles for r in roles))
    if not checks:
        return None, tuple(notes)
    return sum(checks) / len(checks), tuple(notes)


def anti_fit_profile_hit(anti_fit: AntiFitSpec, evidence: BuyerEvidence) -> str | None:
    """Return a plain-words reason when the buyer's profile meets every rule of an anti-fit."""
    rules: list[str] = []
    if anti_fit.industries:
        if not evidence.industry or not industry_matches(evidence.industry, anti_fit.industries):
            return None
        rules.append(f"they are in {evidence.industry}")
    if anti_fit.company_size_min is not None or anti_fit.company_size_max is not None:
        if evidence.employees is None or not _within(
            evidence.employees, anti_fit.company_size_min, anti_fit.company_size_max
        ):
            return None
        rules.append(f"they have {evidence.employees:,} people")
    if not rules:
        return None
    return f"{' and '.join(rules).capitalize()}: {anti_fit.title[:1].lower()}{anti_fit.title[1:]}."


def profile_anti_fit_hits(
    anti_fits: tuple[AntiFitSpec, ...], evidence: BuyerEvidence
) -> list[AntiFitHit]:
    """Return a sure hit for every anti-fit whose profile rules the buyer meets."""
    hits = []
    for anti_fit in anti_fits:
        reason = anti_fit_profile_hit(anti_fit, evidence)
        if reason:
            hits.append(
                AntiFitHit(
                    anti_fit.slug, anti_fit.title, "profile", 1.0, reason, (), anti_fit.referral
                )
            )
    return hits
