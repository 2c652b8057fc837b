"""A catalog imported while the action server answers is served within seconds, with no failed request."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from stack.processes import ROOT, Ports, Stack
from tests.integration_stack import free_port, import_catalog

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parent / "fixtures" / "reload"
NEW_CATALOG = FIXTURES / "zephyr_shopify.csv"
BROKEN_CATALOG = FIXTURES / "zephyr_broken.csv"
NEW_PRODUCT = "zephyr-espresso-machine"
QUERY = "zephyr espresso machine"
SERVED_WITHIN = 5.0
REQUEST_TIMEOUT = (3.05, 30)
CLIENTS = 2


@dataclass(frozen=True)
class Answer:
    """One action request as the stream saw it."""

    sent: float
    status: int | None
    product_ids: tuple[str, ...]
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.product_ids) and self.error is None


def action_call(text: str) -> dict:
    """The body Rasa posts to run action_search_products after the shopper said `text`."""
    body = copy.deepcopy(json.loads((FIXTURES / "action_call.json").read_text()))
    body["tracker"]["latest_message"]["text"] = text
    body["tracker"]["events"][-1]["text"] = text
    return body


def product_ids(reply: dict) -> tuple[str, ...]:
    """Product ids the action answered with: its carousel, else the shown_products slot it set."""
    for response in reply.get("responses", []):
        custom = response.get("custom") or response.get("json_message") or {}
        if custom.get("products"):
            return tuple(card["id"] for card in custom["products"])
    for event in reply.get("events", []):
        if event.get("event") == "slot" and event.get("name") == "shown_products" and event.get("value"):
            return tuple(event["value"])
    return ()


class RequestStream:
    """Threads that keep asking the action server for products and record every answer."""

    def __init__(self, url: str, clients: int = CLIENTS) -> None:
        self.url = url
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(clients)]

    def __enter__(self) -> "RequestStream":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _run(self) -> None:
        session = requests.Session()
        while not self._stop.is_set():
            sent = time.monotonic()
            try:
                reply = session.post(self.url, json=action_call(QUERY), timeout=REQUEST_TIMEOUT)
                ids = product_ids(reply.json()) if reply.status_code == 200 else ()
                answer = Answer(sent, reply.status_code, ids)
            except (requests.RequestException, ValueError) as error:
                answer = Answer(sent, None, (), f"{type(error).__name__}: {error}")
            with self._lock:
                self.answers.append(answer)
            time.sleep(0.02)

    def since(self, moment: float) -> list[Answer]:
        """Answers to requests sent after `moment`."""
        with self._lock:
            return [a for a in self.answers if a.sent >= moment]

    def wait_for(self, condition, timeout: float) -> Answer | None:
        """The first answer after now that meets `condition`, or None after `timeout`."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            found = next((a for a in self.since(start) if condition(a)), None)
            if found:
                return found
            time.sleep(0.05)
        return None


@pytest.fixture
def action_server(tmp_path):
    """Only the real action server, on a free port, serving a data folder holding the demo catalog."""
    data_dir = tmp_path / "data"
    import_catalog(data_dir)
    stack = Stack(
        ports=Ports(actions=free_port(), rasa=free_port(), bridge=free_port()),
        env={"ASSISTANT_DATA_DIR": str(data_dir), "INDEX_RELOAD_SECONDS": "0.5", "HF_HUB_OFFLINE": "1"},
        log_dir=tmp_path / "logs",
    )
    stack.services = [s for s in stack.services if s.name == "action server"]
    stack.start()
    try:
        yield f"http://127.0.0.1:{stack.ports.actions}/webhook", data_dir
    finally:
        stack.stop()


def run_import(data_dir: Path, catalog: Path) -> subprocess.CompletedProcess:
    """`assistant catalog import` with the real command line, whatever its outcome."""
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", "catalog", "import", str(catalog), "--quiet",
         "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def test_new_catalog_is_served_within_seconds_without_failed_requests(action_server):
    url, data_dir = action_server
    with RequestStream(url) as stream:
        before = stream.wait_for(lambda a: a.ok, timeout=60)
        assert before is not None, "the action server answers with demo products before the switch"
        assert NEW_PRODUCT not in before.product_ids

        import_started = time.monotonic()
        import_catalog(data_dir, NEW_CATALOG)
        imported = time.monotonic()
        served = stream.wait_for(lambda a: NEW_PRODUCT in a.product_ids, timeout=SERVED_WITHIN)
        assert served is not None, f"{NEW_PRODUCT} not served within {SERVED_WITHIN}s of the import"

        live_version = (data_dir / "CURRENT").read_text()
        broken = run_import(data_dir, BROKEN_CATALOG)
        assert broken.returncode != 0 and "Variant Price" in broken.stderr
        after_broken = time.monotonic()
        time.sleep(2.0)

    assert (data_dir / "CURRENT").read_text() == live_version, "a broken file changes nothing"
    unchanged = stream.since(after_broken)
    assert unchanged and all(a.ok and a.product_ids[0] == NEW_PRODUCT for a in unchanged)
    failed = [a for a in stream.answers if not a.ok]
    assert failed == [], f"{len(failed)} of {len(stream.answers)} requests failed during the switch"
    switched = stream.since(served.sent)  # once the new version answered, every later answer comes from it
    assert switched and all(NEW_PRODUCT in a.product_ids for a in switched)
    during_import = [a for a in stream.answers if import_started <= a.sent <= imported]
    assert len(during_import) >= 2, "requests kept coming while the new version was built and switched"
    assert len(stream.since(import_started)) >= 10, "a steady stream, not a handful of requests"
