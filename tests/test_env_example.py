"""Every environment variable the code reads is documented in .env.example."""

from __future__ import annotations

import re

from stack.processes import ROOT

#: `get("NAME")`, `os.getenv("NAME")`, `os.environ.get("NAME")`, `os.environ["NAME"]` and the typed helpers.
READ = re.compile(r"""\b(?:get|getenv|environ\.get|_int|_float|_bool|_flag)\(\s*"([A-Z][A-Z0-9_]+)"|environ\["([A-Z][A-Z0-9_]+)"\]""")
PACKAGES = ("assistant", "api", "actions", "stack")


def variables_read() -> dict[str, str]:
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for match in READ.finditer(path.read_text(encoding="utf-8")):
                found.setdefault(match.group(1) or match.group(2), str(path.relative_to(ROOT)))
    return found


def test_the_scan_finds_the_variables_we_know_are_read():
    names = variables_read()
    assert {"ASSISTANT_DATA_DIR", "RASA_URL", "WHATSAPP_APP_SECRET", "STACK_START_TIMEOUT_SECONDS"} <= set(names)


def test_every_variable_read_is_in_env_example():
    documented = (ROOT / ".env.example").read_text(encoding="utf-8")
    missing = {name: path for name, path in variables_read().items() if not re.search(rf"\b{name}\b", documented)}
    assert not missing, f"document these in .env.example: {missing}"
