"""Describe the seller's sweet spot: problems we solve, anti-fits we refer on, content we share.

These dataclasses are the playbook as the method sees it, independent of how it is stored (YAML
file, database rows). ``validate_playbook`` is the single place that decides whether a playbook is
usable, so the YAML loader, the Django services and the fit engine all agree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from helpfirst.core.errors import PlaybookError

CONTENT_FORMATS: tuple[str, ...] = (
    "email_template",
    "ebook",
    "whitepaper",
    "video",
    "blog_post",
    "web_page",
    "testimonial",
    "case_study",
    "roi_calculator",
)
BUYING_STAGES: tuple[str, ...] = (
    "exploring_problem",
    "exploring_solutions",
    "evaluating",
    "deciding",
    "implementing",
    "realising_value",
    "expanding",
)
STAKEHOLDER_ROLES: tuple[str, ...] = (
    "economic_buyer",
    "champion",
    "influencer",
    "technical_evaluator",
    "end_user",
    "blocker",
)

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def slugify(text: str) -> str:
    """Turn a title into a stable, URL-safe slug (``"Dirty CRM data"`` → ``"dirty-crm-data"``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class ProofPoint:
    """Point to evidence that we solved this problem before (a case study, a reference)."""

    title: str
    url: str = ""
    summary: str = ""


@dataclass(frozen=True)
class Referral:
    """Name who serves a buyer better than we do, and why, for a graceful exit."""

    name: str
    url: str = ""
    why: str = ""


@dataclass(frozen=True)
class ProblemSpec:
    """Describe one problem we are among the best at solving, and who typically has it."""

    slug: str
    title: str
    description: str = ""
    example_phrasings: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    company_size_min: int | None = None
    company_size_max: int | None = None
    proof: tuple[ProofPoint, ...] = ()


@dataclass(frozen=True)
class AntiFitSpec:
    """Describe a need or a profile we do not serve well, and where we would send that buyer.

    Text rules (``example_phrasings``) match what the buyer says; profile rules (``industries``,
    ``company_size_min``/``company_size_max``) match who they are. A profile rule with no bounds
    set never fires on its own.
    """

    slug: str
    title: str
    description: str = ""
    example_phrasings: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    company_size_min: int | None = None
    company_size_max: int | None = None
    referral: Referral | None = None
    note: str = ""


@dataclass(frozen=True)
class ContentSpec:
    """Describe one piece of content we can share, and which problems, stages and roles it suits."""

    slug: str
    title: str
    format: str
    url: str = ""
    problems: tuple[str, ...] = ()
    buying_stages: tuple[str, ...] = ()
    stakeholder_roles: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True)
class PlaybookSpec:
    """Hold the whole playbook: the company, its problems, anti-fits and content library."""

    company: str = ""
    summary: str = ""
    problems: tuple[ProblemSpec, ...] = ()
    anti_fits: tuple[AntiFitSpec, ...] = ()
    content: tuple[ContentSpec, ...] = ()

    def problem(self, slug: str) -> ProblemSpec:
        """Return the problem with this slug; raise ``PlaybookError`` naming the known slugs."""
        for problem in self.problems:
            if problem.slug == slug:
                return problem
        known = ", ".join(p.slug for p in self.problems) or "none"
        raise PlaybookError(f"No problem with slug {slug!r} (known: {known}).", field="problems")

    def anti_fit(self, slug: str) -> AntiFitSpec:
        """Return the anti-fit with this slug; raise ``PlaybookError`` naming the known slugs."""
        for anti_fit in self.anti_fits:
            if anti_fit.slug == slug:
                return anti_fit
        known = ", ".join(a.slug for a in self.anti_fits) or "none"
        raise PlaybookError(f"No anti-fit with slug {slug!r} (known: {known}).", field="anti_fits")

    def content_for(
        self, problem: str | None = None, buying_stage: str | None = None
    ) -> tuple[ContentSpec, ...]:
        """Return content items suited to a problem and/or buying stage, in playbook order."""
        return tuple(
            item
            for item in self.content
            if (problem is None or problem in item.problems)
            and (buying_stage is None or buying_stage in item.buying_stages)
        )


def _fail(message: str, section: str, index: int, lines: dict[tuple[str, int], int] | None) -> None:
    line = (lines or {}).get((section, index))
    raise PlaybookError(message, line=line, field=f"{section}[{index}]")


def _check_size_range(
    item: ProblemSpec | AntiFitSpec,
    section: str,
    index: int,
    lines: dict[tuple[str, int], int] | None,
) -> None:
    low, high = item.company_size_min, item.company_size_max
    for name, value in (("company_size_min", low), ("company_size_max", high)):
        if value is not None and value < 0:
            _fail(f"{item.slug}: {name} must be 0 or more, got {value}.", section, index, lines)
    if low is not None and high is not None and low > high:
        _fail(
            f"{item.slug}: company_size_min ({low}) is larger than company_size_max ({high}).",
            section,
            index,
            lines,
        )


def _check_named_items(
    items: tuple[ProblemSpec, ...] | tuple[AntiFitSpec, ...] | tuple[ContentSpec, ...],
    section: str,
    noun: str,
    lines: dict[tuple[str, int], int] | None,
) -> None:
    seen_slugs: dict[str, int] = {}
    seen_titles: dict[str, int] = {}
    for index, item in enumerate(items):
        if not item.title.strip():
            _fail(f"A {noun} has no title: give every {noun} a `title`.", section, index, lines)
        if not _SLUG_RE.match(item.slug):
            _fail(
                f"{noun.capitalize()} {item.title!r} has slug {item.slug!r}: use lower-case "
                "letters, digits, '-' or '_' (or leave it out to derive it from the title).",
                section,
                index,
                lines,
            )
        if item.slug in seen_slugs:
            _fail(
                f"Duplicate {noun} slug {item.slug!r} (also {section}[{seen_slugs[item.slug]}]): "
                "each must be unique.",
                section,
                index,
                lines,
            )
        title_key = " ".join(item.title.lower().split())
        if title_key in seen_titles:
            _fail(
                f"Duplicate {noun} name {item.title!r} (also {section}[{seen_titles[title_key]}]): "
                f"merge them or rename one.",
                section,
                index,
                lines,
            )
        seen_slugs[item.slug] = index
        seen_titles[title_key] = index


def validate_playbook(
    spec: PlaybookSpec,
    *,
    require_problems: bool = True,
    lines: dict[tuple[str, int], int] | None = None,
) -> PlaybookSpec:
    """Check a playbook is usable and return it unchanged; raise ``PlaybookError`` otherwise.

    ``lines`` maps ``(section, index)`` to a source line so messages can point into a file.
    """
    if require_problems and not spec.problems:
        raise PlaybookError(
            "The playbook has no problems: add at least one under `problems:` "
            "(what we solve well, with example phrasings in the buyer's words).",
            field="problems",
        )
    _check_named_items(spec.problems, "problems", "problem", lines)
    _check_named_items(spec.anti_fits, "anti_fits", "anti-fit", lines)
    _check_named_items(spec.content, "content", "content item", lines)
    for index, problem in enumerate(spec.problems):
        _check_size_range(problem, "problems", index, lines)
    for index, anti_fit in enumerate(spec.anti_fits):
        _check_size_range(anti_fit, "anti_fits", index, lines)
    problem_slugs = {p.slug for p in spec.problems}
    for index, item in enumerate(spec.content):
        if item.format not in CONTENT_FORMATS:
            _fail(
                f"Content {item.slug!r} has format {item.format!r}; use one of: "
                f"{', '.join(CONTENT_FORMATS)}.",
                "content",
                index,
                lines,
            )
        for slug in item.problems:
            if slug not in problem_slugs:
                _fail(
                    f"Content {item.slug!r} names problem {slug!r}, which the playbook does not "
                    f"have (known: {', '.join(sorted(problem_slugs)) or 'none'}).",
                    "content",
                    index,
                    lines,
                )
        for stage in item.buying_stages:
            if stage not in BUYING_STAGES:
                _fail(
                    f"Content {item.slug!r} has buying stage {stage!r}; use one of: "
                    f"{', '.join(BUYING_STAGES)}.",
                    "content",
                    index,
                    lines,
                )
        for role in item.stakeholder_roles:
            if role not in STAKEHOLDER_ROLES:
                _fail(
                    f"Content {item.slug!r} has stakeholder role {role!r}; use one of: "
                    f"{', '.join(STAKEHOLDER_ROLES)}.",
                    "content",
                    index,
                    lines,
                )
    return spec


def playbook_as_dict(spec: PlaybookSpec) -> dict[str, Any]:
    """Return the playbook as plain JSON/YAML-ready data, leaving out empty optional fields."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if v not in (None, "", (), [], {})}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        return value

    data = {
        "company": spec.company,
        "summary": spec.summary,
        "problems": [asdict(p) for p in spec.problems],
        "anti_fits": [asdict(a) for a in spec.anti_fits],
        "content": [asdict(c) for c in spec.content],
    }
    return clean(data)  # type: ignore[no-any-return]


__all__ = [
    "BUYING_STAGES",
    "CONTENT_FORMATS",
    "STAKEHOLDER_ROLES",
    "AntiFitSpec",
    "ContentSpec",
    "PlaybookSpec",
    "ProblemSpec",
    "ProofPoint",
    "Referral",
    "playbook_as_dict",
    "slugify",
    "validate_playbook",
]
