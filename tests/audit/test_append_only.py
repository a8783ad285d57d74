"""The audit log is append-only: in the ORM, in the admin and in the database itself."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from helpfirst.audit.models import AppendOnlyError, AuditEntry
from helpfirst.audit.services import record

pytestmark = pytest.mark.django_db


def _entry() -> AuditEntry:
    return record("export", object_type="accounts", label="accounts export", team_id=1)


def test_save_of_an_existing_entry_is_refused():
    entry = _entry()
    entry.label = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).label == "accounts export"


def test_delete_and_queryset_writes_are_refused():
    entry = _entry()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(label="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET label = 'forged'",
        "DELETE FROM audit_auditentry",
    ],
)
def test_the_database_refuses_update_and_delete(sql):
    entry = _entry()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEntry.objects.get(pk=entry.pk).label == "accounts export"


def test_postgresql_refuses_truncate():
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    _entry()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 1


def test_inserts_still_work_through_sql():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (at, username, action, object_type, object_id, label,"
            " fields, detail, via, request_id) VALUES (CURRENT_TIMESTAMP, 'x', 'login', '', '',"
            " '', '[]', '{}', 'web', '')"
        )
    assert AuditEntry.objects.filter(username="x").exists()


def test_admin_is_read_only(admin, client):
    from django.contrib import admin as django_admin

    from helpfirst.audit.admin import AuditEntryAdmin

    model_admin = AuditEntryAdmin(AuditEntry, django_admin.site)

    class Request:
        user = admin

    assert not model_admin.has_add_permission(Request())
    assert not model_admin.has_change_permission(Request())
    assert not model_admin.has_delete_permission(Request())


def test_flush_empties_the_log(transactional_db):
    from django.core.management import call_command

    _entry()
    call_command("flush", verbosity=0, interactive=False)
    assert AuditEntry.objects.count() == 0
    entry = _entry()  # the guard is back on after the flush
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
