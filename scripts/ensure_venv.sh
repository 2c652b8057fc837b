#!/usr/bin/env bash
# ensure_venv.sh VENV PYTHON PIP_ARGS... : create VENV with PYTHON and pip-install PIP_ARGS,
# skipped when the venv exists and the requirement files it was built from have not changed.
set -euo pipefail
venv=$1; python=$2; shift 2
stamp="$venv/.requirements.sha256"
# A requirement file is hashed by content; a local project (".[extras]") by its pyproject.toml.
inputs=$(printf '%s\n' "$@"
  for arg in "$@"; do
    if [ -f "$arg" ]; then cat "$arg"; elif [ -f "${arg%%[*}/pyproject.toml" ]; then cat "${arg%%[*}/pyproject.toml"; fi
  done
  "$python" --version 2>&1)
want=$(printf '%s' "$inputs" | sha256sum | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
echo "setting up $venv (requirements changed or venv missing)..."
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored: it is neither" || true
"$venv/bin/python" -m pip install --quiet "$@" 2>&1 | grep -v "is ignored: it is neither" || true
"$venv/bin/python" -m pip check >/dev/null 2>&1 || { "$venv/bin/python" -m pip check; exit 1; }
echo "$want" > "$stamp"
