"""What the help queue remembers: snoozed journeys and the rep's verdicts on stage suggestions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from helpfirst.journeys.models import BUYING_STAGE_CHOICES, Journey


class Snooze(models.Model):
    """Hide a journey from its owner's help queue until a moment; the latest snooze counts."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="snoozes")
    until = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["journey", "-until"])]

    def __str__(self) -> str:
        return f"{self.journey} snoozed until {self.until:%Y-%m-%d %H:%M}"


class SuggestionDecision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    OVERRIDDEN = "overridden", "Overridden"
    DISMISSED = "dismissed", "Kept current stage"


class StageSuggestionDecision(models.Model):
    """Record how the rep answered a suggested stage: accepted, overridden or kept as it was.

    The system never moves a journey on its own; this row is the rep's answer, with the
    evidence they saw, so the team can later check how good the suggestions were.
    """

    journey = models.ForeignKey(
        Journey, on_delete=models.CASCADE, related_name="stage_suggestion_decisions"
    )
    current_stage = models.CharField(max_length=32, choices=BUYING_STAGE_CHOICES)
    suggested_stage = models.CharField(max_length=32, choices=BUYING_STAGE_CHOICES)
    decision = models.CharField(max_length=16, choices=SuggestionDecision.choices)
    chosen_stage = models.CharField(max_length=32, choices=BUYING_STAGE_CHOICES)
    confidence = models.FloatField(default=0.0)
    evidence = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.journey}: {self.suggested_stage} {self.decision}"


class ActivitySummary(models.Model):
    """Keep what the help queue must know of a journey's recent interactions, current on write.

    One row per journey with interactions in the last ``HISTORY_DAYS`` (older ones can never
    reach the queue again). Everything is stored as timestamps (POSIX seconds) or as sums
    anchored at a timestamp, so time decay is applied when the queue is read and the rows never
    need a nightly rewrite (see :mod:`helpfirst.queue.activity`):

    * ``points`` is the readiness points of every buying signal decayed to ``anchor_at``
      (``Σ points × 2^((t − anchor) / half-life)``): times ``2^((anchor − now) / half-life)``
      it bounds the readiness points as of ``now`` from above;
    * ``touch_times`` (sorted float64 array) holds our touches, ``last_answer_at`` the buyer's
      last answer, ``max_event_at`` the latest interaction: with them contact fatigue and the
      effort counts are exact whenever no interaction lies in the future;
    * ``stakeholder_times`` holds the last buying signal of the five most recent contacts
      (float64 array, newest first), for the stakeholder bonus;
    * ``signal_contacts`` and ``contacts_seen`` (JSON text ``{contact id: last time}``) keep
      the rest current and give the consent fallback.

    ``stale`` marks a row whose interactions changed behind its back (an update or a delete);
    the queue then reads that journey's events in full until it is refreshed.
    """

    journey = models.OneToOneField(
        Journey, on_delete=models.CASCADE, primary_key=True, related_name="activity_summary"
    )
    half_life_days = models.FloatField()
    anchor_at = models.FloatField(null=True)
    points = models.FloatField(default=0.0)
    touch_times = models.BinaryField(default=b"")
    last_answer_at = models.FloatField(null=True)
    max_event_at = models.FloatField(null=True)
    stakeholder_times = models.BinaryField(default=b"")
    signal_contacts = models.TextField(default="{}")
    contacts_seen = models.TextField(default="{}")
    stale = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Activity of journey {self.journey_id}"


class ActivitySummaryState(models.Model):
    """Say whether every journey's :class:`ActivitySummary` is complete (one row, id 1).

    A database that had interactions before the summaries existed is not ready until
    ``helpfirst queue rebuild-summaries`` (or a demo load) fills them; until then the queue
    takes its older, slower path.
    """

    ready = models.BooleanField(default=False)
    half_life_days = models.FloatField(default=0.0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Activity summaries {'ready' if self.ready else 'not ready'}"


class ActivityChange(models.Model):
    """Log one change of a journey's :class:`ActivitySummary` (SQLite triggers write it).

    The queue's kept books re-read only the journeys logged since they were read
    (:mod:`helpfirst.queue.data_version`); the newest ``CHANGES_KEPT`` entries are kept.
    """

    id = models.BigAutoField(primary_key=True)
    journey_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"Activity change {self.pk} of journey {self.journey_id}"


class QueueDataVersion(models.Model):
    """Hold the token that SQLite triggers replace on every write the queue's caches read.

    One row (id 1), written only by the triggers of :mod:`helpfirst.queue.data_version`.
    """

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"Queue data version {self.token}"
