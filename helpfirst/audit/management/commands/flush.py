"""``flush`` empties every table, the append-only audit log included (tests use it)."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from helpfirst.audit import guard


class Command(FlushCommand):
    help = FlushCommand.help + " The audit log's append-only guard is lifted for the flush."

    def handle(self, **options):
        connection = connections[options["database"]]
        with guard.unlocked(connection):
            return super().handle(**options)
