"""Django system checks for the environment (``manage.py check`` and every start)."""

from __future__ import annotations

from django.core import checks

from helpfirst.operations.startup import environment_problems


@checks.register(checks.Tags.compatibility)
def environment_settings(app_configs=None, **kwargs):
    """helpfirst.E001 (cannot run) / helpfirst.W001 (risky) for each wrong setting."""
    found = []
    for problem in environment_problems():
        kind = checks.Error if problem.fatal else checks.Warning
        code = "helpfirst.E001" if problem.fatal else "helpfirst.W001"
        found.append(kind(str(problem), hint=f"Set {problem.variable}.", id=code))
    return found
