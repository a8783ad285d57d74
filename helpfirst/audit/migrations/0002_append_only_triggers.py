"""Refuse UPDATE and DELETE on the audit table in the database itself (SQLite, PostgreSQL).

On SQLite, a later migration that rebuilds the table (most AlterField operations) drops these
triggers: re-run ``guard.install`` after such a migration.
"""

from django.db import migrations

from helpfirst.audit import guard


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(guard.install, guard.uninstall, elidable=False)]
