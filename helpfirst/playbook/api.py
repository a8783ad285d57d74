"""REST endpoints for the playbook: problems, anti-fits and content (managers edit)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from ninja import Field, Router, Schema

from helpfirst.core.errors import DataValidationError
from helpfirst.core.vocabulary import BuyingStage, ContentFormat, StakeholderRole
from helpfirst.playbook.models import AntiFit, ContentItem, Problem
from helpfirst.site.api_types import Count, ObjectId, PathId
from helpfirst.team import permissions

router = Router(tags=["playbook"])


class ProblemIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    slug: str = Field("", max_length=80)
    description: str = ""
    example_phrasings: list[str] = []
    industries: list[str] = []
    roles: list[str] = []
    company_size_min: Count | None = None
    company_size_max: Count | None = None
    proof: list[str] = []


class ProblemOut(ProblemIn):
    id: int


class AntiFitIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    slug: str = Field("", max_length=80)
    description: str = ""
    example_phrasings: list[str] = []
    industries: list[str] = []
    company_size_min: Count | None = None
    company_size_max: Count | None = None
    referral: str = Field("", max_length=300)
    referral_url: str = Field("", max_length=200)
    note: str = ""


class AntiFitOut(AntiFitIn):
    id: int


class ContentIn(Schema):
    title: str = Field(..., min_length=1, max_length=250)
    slug: str = Field("", max_length=120)
    format: ContentFormat
    summary: str = ""
    url: str = Field("", max_length=200)
    problem_ids: list[ObjectId] = []
    buying_stages: list[BuyingStage] = []
    stakeholder_roles: list[StakeholderRole] = []


class ContentOut(Schema):
    id: int
    title: str
    slug: str
    format: str
    summary: str
    url: str
    problem_ids: list[int]
    buying_stages: list[str]
    stakeholder_roles: list[str]

    @staticmethod
    def resolve_problem_ids(obj: ContentItem) -> list[int]:
        return [p.pk for p in obj.problems.all()]


def _require_editor(request) -> None:
    if not permissions.can_edit_playbook(request.auth):
        raise PermissionDenied("Only managers and admins edit the playbook.")


def _save(obj, data: dict, *, label: str):
    for key, value in data.items():
        setattr(obj, key, value)
    if not obj.slug:
        obj.slug = slugify(obj.title)[:80] or "untitled"
    obj.updated_at = timezone.now()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise DataValidationError(
            f"Another {label} already uses this title or slug ({obj.slug!r}).", field="slug"
        ) from exc
    return obj


def _check_sizes(data: dict) -> None:
    low, high = data.get("company_size_min"), data.get("company_size_max")
    if low is not None and high is not None and low > high:
        raise DataValidationError(
            "company_size_min is larger than company_size_max.", field="company_size_min"
        )


@router.get("/playbook/problems", response=list[ProblemOut])
def list_problems(request):
    return list(Problem.objects.filter(team_id=request.auth.team_id))


@router.post("/playbook/problems", response={201: ProblemOut})
def create_problem(request, payload: ProblemIn):
    _require_editor(request)
    data = payload.dict()
    _check_sizes(data)
    return 201, _save(Problem(team_id=request.auth.team_id), data, label="problem")


@router.get("/playbook/problems/{problem_id}", response=ProblemOut)
def get_problem(request, problem_id: PathId):
    return get_object_or_404(Problem, pk=problem_id, team_id=request.auth.team_id)


@router.put("/playbook/problems/{problem_id}", response=ProblemOut)
def update_problem(request, problem_id: PathId, payload: ProblemIn):
    _require_editor(request)
    problem = get_object_or_404(Problem, pk=problem_id, team_id=request.auth.team_id)
    data = payload.dict()
    _check_sizes(data)
    return _save(problem, data, label="problem")


@router.delete("/playbook/problems/{problem_id}", response={204: None})
def delete_problem(request, problem_id: PathId):
    _require_editor(request)
    get_object_or_404(Problem, pk=problem_id, team_id=request.auth.team_id).delete()
    return 204, None


@router.get("/playbook/anti-fits", response=list[AntiFitOut])
def list_anti_fits(request):
    return list(AntiFit.objects.filter(team_id=request.auth.team_id))


@router.post("/playbook/anti-fits", response={201: AntiFitOut})
def create_anti_fit(request, payload: AntiFitIn):
    _require_editor(request)
    data = payload.dict()
    _check_sizes(data)
    return 201, _save(AntiFit(team_id=request.auth.team_id), data, label="anti-fit")


@router.get("/playbook/anti-fits/{anti_fit_id}", response=AntiFitOut)
def get_anti_fit(request, anti_fit_id: PathId):
    return get_object_or_404(AntiFit, pk=anti_fit_id, team_id=request.auth.team_id)


@router.put("/playbook/anti-fits/{anti_fit_id}", response=AntiFitOut)
def update_anti_fit(request, anti_fit_id: PathId, payload: AntiFitIn):
    _require_editor(request)
    anti_fit = get_object_or_404(AntiFit, pk=anti_fit_id, team_id=request.auth.team_id)
    data = payload.dict()
    _check_sizes(data)
    return _save(anti_fit, data, label="anti-fit")


@router.delete("/playbook/anti-fits/{anti_fit_id}", response={204: None})
def delete_anti_fit(request, anti_fit_id: PathId):
    _require_editor(request)
    get_object_or_404(AntiFit, pk=anti_fit_id, team_id=request.auth.team_id).delete()
    return 204, None


@router.get("/playbook/content", response=list[ContentOut])
def list_content(request):
    return list(
        ContentItem.objects.filter(team_id=request.auth.team_id).prefetch_related("problems")
    )


def _save_content(request, item: ContentItem, payload: ContentIn) -> ContentItem:
    data = payload.dict()
    problem_ids = data.pop("problem_ids")
    problems = list(Problem.objects.filter(team_id=request.auth.team_id, pk__in=problem_ids))
    if len(problems) != len(set(problem_ids)):
        raise DataValidationError(
            "Some problem_ids are not problems of your playbook.", field="problem_ids"
        )
    data["format"] = payload.format.value
    data["buying_stages"] = [s.value for s in payload.buying_stages]
    data["stakeholder_roles"] = [r.value for r in payload.stakeholder_roles]
    with transaction.atomic():
        _save(item, data, label="content item")
        item.problems.set(problems)
    return item


@router.post("/playbook/content", response={201: ContentOut})
def create_content(request, payload: ContentIn):
    _require_editor(request)
    return 201, _save_content(request, ContentItem(team_id=request.auth.team_id), payload)


@router.get("/playbook/content/{content_id}", response=ContentOut)
def get_content(request, content_id: PathId):
    return get_object_or_404(ContentItem, pk=content_id, team_id=request.auth.team_id)


@router.put("/playbook/content/{content_id}", response=ContentOut)
def update_content(request, content_id: PathId, payload: ContentIn):
    _require_editor(request)
    item = get_object_or_404(ContentItem, pk=content_id, team_id=request.auth.team_id)
    return _save_content(request, item, payload)


@router.delete("/playbook/content/{content_id}", response={204: None})
def delete_content(request, content_id: PathId):
    _require_editor(request)
    get_object_or_404(ContentItem, pk=content_id, team_id=request.auth.team_id).delete()
    return 204, None
