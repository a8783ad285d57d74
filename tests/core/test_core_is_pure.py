"""helpfirst.core must never load Django: batch jobs and the CLI rely on it staying pure."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import helpfirst.core

CORE_DIR = Path(helpfirst.core.__file__).parent


def core_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages([str(CORE_DIR)], prefix="helpfirst.core.")
        if not info.name.rsplit(".", 1)[-1].startswith("_")
    ]


def test_importing_every_core_module_never_loads_django():
    modules = core_modules()
    assert len(modules) > 10
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded[:5])\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
