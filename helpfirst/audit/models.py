"""Audit log: who changed or exported what, and when. Append-only.

An entry never holds a buyer's personal data: objects are named by type, id and a short label
that is not personal (a company name, a journey title, a username; a contact is "contact #12"),
and changes list the changed field names, never their values. That is what lets the log stay
append-only while people are erased from everything else.

Rows cannot be changed or deleted through the ORM (``save`` of an existing row, ``delete`` and
the queryset's ``update``/``delete`` raise), and the database refuses UPDATE and DELETE on the
table too (triggers, see the 0002 migration).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    IMPORT = "import", "Imported"
    INGEST = "ingest", "Ingested"
    EXPORT = "export", "Exported"
    ERASE = "erase", "Erased"
    RETENTION = "retention", "Retention applied"
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Login failed"
    LOGOUT = "logout", "Logged out"
    SETTINGS = "settings", "Settings changed"


class AppendOnlyError(Exception):
    """An audit entry was about to be changed or deleted."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only: entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only: entries cannot be deleted.")

    _raw_delete = delete


class AuditEntry(models.Model):
    """One thing someone did: created, changed, deleted, exported, erased, logged in …

    ``team_id`` and ``user_id`` are plain numbers, not foreign keys, so an entry outlives the
    user and the objects it names.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    team_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True, help_text="As it was at the time.")
    action = models.CharField(max_length=16, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=60, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    label = models.CharField(max_length=200, blank=True, help_text="Short, never personal.")
    fields = models.JSONField(default=list, blank=True, help_text="Changed field names.")
    detail = models.JSONField(default=dict, blank=True, help_text="Counts and options.")
    via = models.CharField(max_length=16, blank=True, help_text="web, api, cli or system.")
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["team_id", "-at"], name="audit_team_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]
        verbose_name_plural = "audit entries"
        default_permissions = ("view",)

    def __str__(self) -> str:
        who = self.username or "system"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit log is append-only: entries cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only: entries cannot be deleted.")
