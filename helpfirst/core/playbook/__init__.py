"""Hold the seller's playbook (problems, anti-fits, content) as plain dataclasses, and its YAML."""

from helpfirst.core.playbook.spec import (
    BUYING_STAGES,
    CONTENT_FORMATS,
    STAKEHOLDER_ROLES,
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
from helpfirst.core.playbook.yaml_io import dump_playbook_yaml, load_playbook_yaml

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
    "dump_playbook_yaml",
    "load_playbook_yaml",
    "playbook_as_dict",
    "slugify",
    "validate_playbook",
]
