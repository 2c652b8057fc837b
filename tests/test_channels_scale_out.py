"""Two bridge processes sharing one inbox on Redis or PostgreSQL: nothing processed twice or out of order."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from api.signature import sign
from stack.processes import ROOT
from tests.fakes.graph_server import FakeGraph
from tests.fakes.rasa_stub import EchoRasa
from tests.inbox_backends import inbox_url
from tests.integration_stack import free_port

pytestmark = pytest.mark.integration
SECRET = "scale-out-secret"
CONVERSATIONS, MESSAGES_EACH = 12, 8


def start_bridge(port: int, env: dict, log_path) -> subprocess.Popen:
    with open(log_path, "ab") as log:
        process = subprocess.Popen([sys.executable, "-m", "api.serve", "--port", str(port)], cwd=ROOT,
                                   env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except requests.RequestException:
            pass
        assert process.poll() is None, log_path.read_text()
        time.sleep(0.2)
    raise TimeoutError("bridge did not start")


def payload(sender: str, n: int) -> bytes:
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "106540352242922"},
                  "contacts": [{"profile": {"name": "Shopper"}, "wa_id": sender}],
                  "messages": [{"from": sender, "id": f"wamid.{sender}.{n}", "timestamp": "1749416383",
                                "type": "text", "text": {"body": f"message {n}"}}]}}]}]}).encode()


@pytest.mark.parametrize("kind", [pytest.param("redis", marks=pytest.mark.redis),
                                  pytest.param("postgres", marks=pytest.mark.postgres)])
def test_two_bridges_on_one_inbox_process_each_message_once_in_order(kind, tmp_path):
    with inbox_url(kind, tmp_path) as url, FakeGraph() as graph, EchoRasa(delay=0.02) as rasa:
        env = {"WHATSAPP_VERIFY_TOKEN": "v", "WHATSAPP_APP_SECRET": SECRET, "WHATSAPP_ACCESS_TOKEN": "t",
               "WHATSAPP_PHONE_NUMBER_ID": "106540352242922", "GRAPH_API_URL": graph.url, "RASA_URL": rasa.url,
               "BRIDGE_INBOX_URL": url, "BRIDGE_WORKERS": "4", "BRIDGE_RATE_LIMIT_PER_MINUTE": "0"}
        ports = [free_port(), free_port()]
        bridges = [start_bridge(port, env, tmp_path / f"bridge-{port}.log") for port in ports]
        try:
            senders = [f"1555000{c:04d}" for c in range(CONVERSATIONS)]
            deliveries = [(s, n, random.choice(ports)) for n in range(MESSAGES_EACH) for s in senders]
            # Meta redelivers: every message arrives twice, at either bridge.
            redeliveries = [(s, n, random.choice(ports)) for s, n, _ in deliveries]

            def deliver(sender, n, port):
                body = payload(sender, n)
                return requests.post(f"http://127.0.0.1:{port}/webhooks/whatsapp", data=body, timeout=10,
                                     headers={"X-Hub-Signature-256": sign(body, SECRET),
                                              "Content-Type": "application/json"}).status_code

            with ThreadPoolExecutor(8) as pool:
                statuses = [deliver(*d) for d in deliveries]  # first deliveries in order, as Meta sends them
                statuses += list(pool.map(lambda d: deliver(*d), redeliveries))
            assert set(statuses) == {200}
            total = CONVERSATIONS * MESSAGES_EACH
            graph.wait_for_messages(total, timeout=60)
            time.sleep(1.0)
            sent = graph.messages()
            assert len(sent) == total
            for sender in senders:
                texts = [m.body["text"]["body"] for m in sent if m.body["to"] == sender]
                assert texts == [f"echo: message {n}" for n in range(MESSAGES_EACH)], texts
            assert len(rasa.received) == total
            for sender in senders:
                assert [m for s, m in rasa.received if s == f"whatsapp:{sender}"] == \
                    [f"message {n}" for n in range(MESSAGES_EACH)]
        finally:
            for process in bridges:
                process.terminate()
                process.wait(20)
