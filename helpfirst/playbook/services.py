"""Writes to the playbook: apply a PlaybookSpec to a team, and read a team's playbook back as one.

``apply_playbook`` upserts by slug in one transaction (loading the same YAML twice changes
nothing) and never deletes what the spec leaves out. ``playbook_spec_for`` returns what
``playbook dump`` writes, so dump → load → dump gives the same file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from helpfirst.core.playbook import (
    AntiFitSpec,
    ContentSpec,
    PlaybookSpec,
    ProblemSpec,
    ProofPoint,
    Referral,
    validate_playbook,
)
from helpfirst.playbook.models import AntiFit, ContentItem, Problem

SECTIONS = ("problems", "anti_fits", "content")


@dataclass
class PlaybookLoadSummary:
    """How many problems, anti-fits and content items were created, updated or left alone."""

    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {
            s: {"created": 0, "updated": 0, "unchanged": 0} for s in SECTIONS
        }
    )

    def count(self, section: str, outcome: str) -> None:
        self.counts[section][outcome] += 1

    def as_dict(self) -> dict[str, Any]:
        return {section: dict(values) for section, values in self.counts.items()}

    def describe(self) -> str:
        """Return one line such as "problems 8 created; anti_fits 3 unchanged; ..."."""
        parts = []
        for section, values in self.counts.items():
            done = ", ".join(f"{n} {outcome}" for outcome, n in values.items() if n)
            parts.append(f"{section} {done or 'none'}")
        return "; ".join(parts)


def _problem_fields(spec: ProblemSpec) -> dict[str, Any]:
    return {
        "title": spec.title,
        "description": spec.description,
        "example_phrasings": list(spec.example_phrasings),
        "industries": list(spec.industries),
        "roles": list(spec.roles),
        "company_size_min": spec.company_size_min,
        "company_size_max": spec.company_size_max,
        "proof": [{"title": p.title, "url": p.url, "summary": p.summary} for p in spec.proof],
    }


def _anti_fit_fields(spec: AntiFitSpec) -> dict[str, Any]:
    return {
        "title": spec.title,
        "description": spec.description,
        "example_phrasings": list(spec.example_phrasings),
        "industries": list(spec.industries),
        "company_size_min": spec.company_size_min,
        "company_size_max": spec.company_size_max,
        "referral": spec.referral.name if spec.referral else "",
        "referral_url": spec.referral.url if spec.referral else "",
        "note": spec.note,
    }


def _content_fields(spec: ContentSpec) -> dict[str, Any]:
    return {
        "title": spec.title,
        "format": spec.format,
        "url": spec.url,
        "summary": spec.summary,
        "buying_stages": list(spec.buying_stages),
        "stakeholder_roles": list(spec.stakeholder_roles),
    }


def _upsert(model: Any, team: Any, slug: str, values: dict[str, Any], section: str,
            summary: PlaybookLoadSummary, now: Any) -> Any:
    obj = model.objects.filter(team=team, slug=slug).first()
    if obj is None:
        obj = model.objects.create(team=team, slug=slug, updated_at=now, **values)
        summary.count(section, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        summary.count(section, "unchanged")
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    obj.updated_at = now
    obj.save(update_fields=[*changed, "updated_at"])
    summary.count(section, "updated")
    return obj


@transaction.atomic
def apply_playbook(team: Any, spec: PlaybookSpec) -> PlaybookLoadSummary:
    """Upsert the spec's problems, anti-fits and content (by slug) into ``team``'s playbook.

    The spec is validated first (``PlaybookError`` on a bad one, nothing written). Content is
    linked to exactly the problems it names. Everything happens in one transaction.
    """
    validate_playbook(spec, require_problems=False)
    now = timezone.now()
    summary = PlaybookLoadSummary()
    problems: dict[str, Problem] = {}
    for problem in spec.problems:
        problems[problem.slug] = _upsert(
            Problem, team, problem.slug, _problem_fields(problem), "problems", summary, now
        )
    for anti_fit in spec.anti_fits:
        _upsert(AntiFit, team, anti_fit.slug, _anti_fit_fields(anti_fit), "anti_fits", summary, now)
    for content in spec.content:
        item = _upsert(
            ContentItem, team, content.slug, _content_fields(content), "content", summary, now
        )
        wanted = {problems[slug].pk for slug in content.problems}
        current = set(item.problems.values_list("pk", flat=True))
        if wanted != current:
            item.problems.set(wanted)
            if item.updated_at != now:  # only its links changed: that is an update too
                item.updated_at = now
                item.save(update_fields=["updated_at"])
                summary.counts["content"]["unchanged"] -= 1
                summary.count("content", "updated")
    return summary


def playbook_spec_for(team: Any) -> PlaybookSpec:
    """Return ``team``'s playbook as a PlaybookSpec (what ``playbook dump`` writes)."""
    problems = tuple(
        ProblemSpec(
            slug=p.slug,
            title=p.title,
            description=p.description,
            example_phrasings=tuple(p.example_phrasings or ()),
            industries=tuple(p.industries or ()),
            roles=tuple(p.roles or ()),
            company_size_min=p.company_size_min,
            company_size_max=p.company_size_max,
            proof=tuple(
                ProofPoint(
                    title=str(item.get("title", "")),
                    url=str(item.get("url", "")),
                    summary=str(item.get("summary", "")),
                )
                if isinstance(item, dict)
                else ProofPoint(title=str(item))
                for item in (p.proof or ())
            ),
        )
        for p in Problem.objects.filter(team=team).order_by("title", "slug")
    )
    anti_fits = tuple(
        AntiFitSpec(
            slug=a.slug,
            title=a.title,
            description=a.description,
            example_phrasings=tuple(a.example_phrasings or ()),
            industries=tuple(a.industries or ()),
            company_size_min=a.company_size_min,
            company_size_max=a.company_size_max,
            referral=Referral(name=a.referral, url=a.referral_url) if a.referral else None,
            note=a.note,
        )
        for a in AntiFit.objects.filter(team=team).order_by("title", "slug")
    )
    content = tuple(
        ContentSpec(
            slug=c.slug,
            title=c.title,
            format=c.format,
            url=c.url or (c.file.url if c.file else ""),
            problems=tuple(sorted(p.slug for p in c.problems.all())),
            buying_stages=tuple(c.buying_stages or ()),
            stakeholder_roles=tuple(c.stakeholder_roles or ()),
            summary=c.summary,
        )
        for c in ContentItem.objects.filter(team=team)
        .order_by("title", "slug")
        .prefetch_related("problems")
    )
    return PlaybookSpec(company=team.name, problems=problems, anti_fits=anti_fits, content=content)
