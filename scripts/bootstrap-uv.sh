#!/usr/bin/env bash
# Install uv into ./.tools when it is not on PATH (needs only Python 3.11+).
set -euo pipefail
if command -v uv >/dev/null 2>&1; then exit 0; fi
echo "uv not found: installing it into .tools/ ..."
if python3 -m venv .tools >/dev/null 2>&1; then
  .tools/bin/python -m pip install --quiet --upgrade uv
else
  # Debian without python3-venv: fall back to a user install of uv.
  python3 -m pip install --quiet --user uv || python3 -m pip install --quiet --user --break-system-packages uv
  mkdir -p .tools/bin
  ln -sf "$(python3 -m site --user-base)/bin/uv" .tools/bin/uv
fi
