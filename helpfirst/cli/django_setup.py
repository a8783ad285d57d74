"""Start Django lazily, only for commands that need the database."""

from __future__ import annotations

import os


def ensure_django() -> None:
    """Configure and set up Django once (settings come from the environment)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpfirst.site.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
