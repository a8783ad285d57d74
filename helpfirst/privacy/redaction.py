"""Card numbers never reach storage: redact them in transcripts and notes as they are saved.

On by default; a team turns it off in its privacy settings. Model saves are covered by a
``pre_save`` receiver on the models below (no change to their apps' code). Bulk inserts fire no
signal, so ``interactions.ingest.record_interactions`` calls :func:`redact_pending` itself.
Calls keep their own per-upload choice: a call stored with "nothing redacted" is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db.models.signals import pre_save

from helpfirst.core.privacy import redact_card_numbers
from helpfirst.core.privacy.cards import redact_card_numbers_in

# "app_label.Model" -> the text and JSON fields redacted on save.
REDACTED_FIELDS: dict[str, tuple[str, ...]] = {
    "interactions.Interaction": ("subject", "properties"),
    "journeys.Journey": ("stated_needs", "exit_reason"),
    "journeys.StageChange": ("reason",),
    "accounts.Account": ("strategies", "priorities"),
    "accounts.Contact": ("what_matters",),
    "plans.PlanStep": ("internal_note",),
    "debriefs.Debrief": ("what_happened", "how", "why", "buyer_valued", "do_differently"),
    "success.SuccessPlan": ("notes",),
    "success.ValueCheckpoint": ("note",),
    "help_queue.StageSuggestionDecision": ("note",),
    "fit.FitExit": ("reason", "note_to_buyer", "needs_at_exit"),
    "calls.Call": ("transcript_text", "utterances"),
}


def redaction_on(team_id: int | None) -> bool:
    """Tell whether ``team_id`` redacts card numbers (default yes; one indexed look-up)."""
    if team_id is None:
        return True
    from helpfirst.privacy.models import PrivacySettings

    value = (
        PrivacySettings.objects.filter(team_id=team_id)
        .values_list("redact_card_numbers", flat=True)
        .first()
    )
    return True if value is None else bool(value)


def _team_id(instance) -> int | None:
    """The team of ``instance``: its own ``team_id``, or one query along its path to a team."""
    team_id = getattr(instance, "team_id", None)
    if team_id is not None:
        return team_id
    from helpfirst.privacy.mentions import team_path

    path = team_path(instance._meta.label)
    if path is None or "__" not in path:
        return None
    first, rest = path.split("__", 1)
    fk = instance._meta.get_field(first)
    related_id = getattr(instance, fk.attname, None)
    if related_id is None:
        return None
    rows = fk.related_model._default_manager.filter(pk=related_id)
    return rows.values_list(rest, flat=True).first()


def _redacted(instance, field_names: Iterable[str]) -> dict[str, object]:
    """Return the fields whose redacted value differs (no database access)."""
    changes = {}
    for name in field_names:
        value = getattr(instance, name, None)
        if isinstance(value, str):
            new = redact_card_numbers(value)
        elif isinstance(value, dict | list):
            new = redact_card_numbers_in(value)
        else:
            continue
        if new != value:
            changes[name] = new
    return changes


def redact_instance(instance, field_names: Iterable[str]) -> None:
    """Redact card numbers in ``field_names`` of an unsaved or changing instance."""
    for name, value in _redacted(instance, field_names).items():
        setattr(instance, name, value)


def before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    fields = REDACTED_FIELDS.get(sender._meta.label)
    if not fields:
        return
    if sender._meta.label == "calls.Call" and getattr(instance, "redaction", "") == "none":
        return  # the uploader chose to keep the transcript as it was
    changes = _redacted(instance, fields)
    if changes and redaction_on(_team_id(instance)):
        for name, value in changes.items():
            setattr(instance, name, value)


def redact_pending(team_id: int | None, pending) -> None:
    """Redact a batch of unsaved interactions (``{key: Interaction}`` or a list) in place."""
    fields = REDACTED_FIELDS["interactions.Interaction"]
    items = pending.values() if isinstance(pending, dict) else pending
    found = [(item, changes) for item in items if (changes := _redacted(item, fields))]
    if not found or not redaction_on(team_id):  # the setting is read only when needed
        return
    for item, changes in found:
        for name, value in changes.items():
            setattr(item, name, value)


def connect() -> None:
    for label in REDACTED_FIELDS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        pre_save.connect(before_save, sender=model, dispatch_uid=f"privacy-redact-{label}")
