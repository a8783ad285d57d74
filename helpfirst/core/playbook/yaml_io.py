"""Read and write the playbook as YAML, pointing at the line of anything wrong."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from helpfirst.core.errors import PlaybookError
from helpfirst.core.playbook.spec import (
    AntiFitSpec,
    ContentSpec,
    PlaybookSpec,
    ProblemSpec,
    ProofPoint,
    Referral,
    playbook_as_dict,
    slugify,
    validate_playbook,
)

_TOP_KEYS = {"company", "summary", "problems", "anti_fits", "content"}
_PROBLEM_KEYS = {
    "slug", "title", "description", "example_phrasings", "industries", "roles",
    "company_size_min", "company_size_max", "proof",
}  # fmt: skip
_ANTI_FIT_KEYS = {
    "slug", "title", "description", "example_phrasings", "industries",
    "company_size_min", "company_size_max", "referral", "note",
}  # fmt: skip
_CONTENT_KEYS = {
    "slug", "title", "format", "url", "problems", "buying_stages", "stakeholder_roles", "summary",
}  # fmt: skip


class _LocatedDict(dict[str, Any]):
    """Remember the line a YAML mapping started on, for error messages."""

    line: int | None = None


class _LocatingLoader(yaml.SafeLoader):
    """Load YAML safely, tagging every mapping with its line number."""


def _construct_located_map(
    loader: _LocatingLoader, node: yaml.MappingNode
) -> Iterator[_LocatedDict]:
    data = _LocatedDict()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _construct_located_map)  # type: ignore[arg-type]


def _line(value: Any) -> int | None:
    return getattr(value, "line", None)


def _text(entry: dict[str, Any], key: str, where: str, line: int | None) -> str:
    value = entry.get(key, "")
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PlaybookError(
            f"{where}: `{key}` must be text, got {type(value).__name__}.", line=line
        )
    return str(value).strip()


def _texts(entry: dict[str, Any], key: str, where: str, line: int | None) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise PlaybookError(f"{where}: `{key}` must be a list of text.", line=line)
    out = []
    for item in value:
        if not isinstance(item, str | int | float) or isinstance(item, bool):
            raise PlaybookError(f"{where}: every entry of `{key}` must be text.", line=line)
        if str(item).strip():
            out.append(str(item).strip())
    return tuple(out)


def _size(entry: dict[str, Any], key: str, where: str, line: int | None) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlaybookError(f"{where}: `{key}` must be a whole number of employees.", line=line)
    return value


def _entries(data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    value = data.get(section) or []
    if not isinstance(value, list):
        raise PlaybookError(f"`{section}` must be a list of entries.", line=_line(data))
    for index, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise PlaybookError(
                f"{section}[{index}] must be a mapping with at least a `title`.",
                line=_line(data),
                field=f"{section}[{index}]",
            )
    return value


def _check_keys(entry: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise PlaybookError(
            f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(sorted(allowed))}.",
            line=_line(entry),
        )


def _slug(entry: dict[str, Any], where: str) -> str:
    slug = _text(entry, "slug", where, _line(entry))
    return slug or slugify(_text(entry, "title", where, _line(entry)))


def _problem(entry: dict[str, Any], where: str) -> ProblemSpec:
    line = _line(entry)
    _check_keys(entry, _PROBLEM_KEYS, where)
    proof = []
    for item in entry.get("proof") or []:
        if isinstance(item, str):
            proof.append(ProofPoint(title=item.strip()))
        elif isinstance(item, dict) and item.get("title"):
            proof.append(
                ProofPoint(
                    title=_text(item, "title", where, line),
                    url=_text(item, "url", where, line),
                    summary=_text(item, "summary", where, line),
                )
            )
        else:
            raise PlaybookError(f"{where}: each `proof` entry needs a `title`.", line=line)
    return ProblemSpec(
        slug=_slug(entry, where),
        title=_text(entry, "title", where, line),
        description=_text(entry, "description", where, line),
        example_phrasings=_texts(entry, "example_phrasings", where, line),
        industries=_texts(entry, "industries", where, line),
        roles=_texts(entry, "roles", where, line),
        company_size_min=_size(entry, "company_size_min", where, line),
        company_size_max=_size(entry, "company_size_max", where, line),
        proof=tuple(proof),
    )


def _anti_fit(entry: dict[str, Any], where: str) -> AntiFitSpec:
    line = _line(entry)
    _check_keys(entry, _ANTI_FIT_KEYS, where)
    raw = entry.get("referral")
    referral = None
    if isinstance(raw, str) and raw.strip():
        referral = Referral(name=raw.strip())
    elif isinstance(raw, dict):
        if not raw.get("name"):
            raise PlaybookError(f"{where}: `referral` needs a `name`.", line=line)
        referral = Referral(
            name=_text(raw, "name", where, line),
            url=_text(raw, "url", where, line),
            why=_text(raw, "why", where, line),
        )
    elif raw is not None:
        raise PlaybookError(f"{where}: `referral` must be a name or a mapping.", line=line)
    return AntiFitSpec(
        slug=_slug(entry, where),
        title=_text(entry, "title", where, line),
        description=_text(entry, "description", where, line),
        example_phrasings=_texts(entry, "example_phrasings", where, line),
        industries=_texts(entry, "industries", where, line),
        company_size_min=_size(entry, "company_size_min", where, line),
        company_size_max=_size(entry, "company_size_max", where, line),
        referral=referral,
        note=_text(entry, "note", where, line),
    )


def _content(entry: dict[str, Any], where: str) -> ContentSpec:
    line = _line(entry)
    _check_keys(entry, _CONTENT_KEYS, where)
    return ContentSpec(
        slug=_slug(entry, where),
        title=_text(entry, "title", where, line),
        format=_text(entry, "format", where, line),
        url=_text(entry, "url", where, line),
        problems=_texts(entry, "problems", where, line),
        buying_stages=_texts(entry, "buying_stages", where, line),
        stakeholder_roles=_texts(entry, "stakeholder_roles", where, line),
        summary=_text(entry, "summary", where, line),
    )


def load_playbook_yaml(source: str | Path, *, require_problems: bool = True) -> PlaybookSpec:
    """Parse a playbook from YAML text or a ``Path``; raise only ``PlaybookError``.

    A ``str`` is always YAML text; pass a ``Path`` to read a file (its name then appears in
    error messages). Slugs left out are derived from titles.
    """
    file_name: str | None = None
    if isinstance(source, Path):
        file_name = str(source)
        try:
            source = source.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise PlaybookError(f"Cannot read the playbook file: {exc}.", file=file_name) from exc
    try:
        data = yaml.load(source, Loader=_LocatingLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PlaybookError(
            f"Not valid YAML: {getattr(exc, 'problem', None) or exc}.",
            file=file_name,
            line=mark.line + 1 if mark else None,
        ) from exc
    try:
        return _build(data, require_problems)
    except PlaybookError as exc:
        if file_name and exc.location.file is None:
            exc.location.file = file_name
            exc.args = (f"{exc.location.describe()}: {exc.message}",)
        raise


def _build(data: Any, require_problems: bool) -> PlaybookSpec:
    if data is None:
        data = _LocatedDict()
    if not isinstance(data, dict):
        raise PlaybookError(
            "A playbook must be a YAML mapping with `problems`, `anti_fits` and `content`."
        )
    _check_keys(data, _TOP_KEYS, "playbook")
    lines: dict[tuple[str, int], int] = {}
    sections: dict[str, list[Any]] = {}
    for section, build in (("problems", _problem), ("anti_fits", _anti_fit), ("content", _content)):
        items = []
        for index, entry in enumerate(_entries(data, section)):
            if _line(entry) is not None:
                lines[(section, index)] = _line(entry)  # type: ignore[assignment]
            items.append(build(entry, f"{section}[{index}]"))
        sections[section] = items
    spec = PlaybookSpec(
        company=_text(data, "company", "playbook", _line(data)),
        summary=_text(data, "summary", "playbook", _line(data)),
        problems=tuple(sections["problems"]),
        anti_fits=tuple(sections["anti_fits"]),
        content=tuple(sections["content"]),
    )
    return validate_playbook(spec, require_problems=require_problems, lines=lines)


def dump_playbook_yaml(spec: PlaybookSpec) -> str:
    """Write the playbook as YAML that ``load_playbook_yaml`` reads back to an equal spec."""
    return yaml.safe_dump(playbook_as_dict(spec), sort_keys=False, allow_unicode=True, width=100)
