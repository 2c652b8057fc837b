"""Signed webhooks through the real bridge, Rasa and action servers to the recorded Graph API call."""

from __future__ import annotations

import json
import subprocess
import time
import uuid

import pytest

from api.inbox import open_inbox
from api.processing import CANNOT_READ
from stack.processes import ROOT
from tests.fakes.graph_server import FakeGraph
from tests.integration_stack import import_catalog, start_stack
from tests.signed_webhooks import FB_SECRET, FIXTURES, WA_SECRET, messenger, post, whatsapp
from tests.test_api_inbound import MESSENGER_CASES, WHATSAPP_CASES

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def graph():
    with FakeGraph() as fake:
        yield fake


@pytest.fixture(scope="module")
def inbox_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('inbox') / 'inbox.sqlite3'}"


@pytest.fixture(scope="module")
def stack(tmp_path_factory, graph, inbox_url):
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.skip("no trained Rasa model in models/ (run `make model`)")
    data_dir = tmp_path_factory.mktemp("data")
    import_catalog(data_dir)
    running = start_stack(
        data_dir, tmp_path_factory.mktemp("logs"),
        WHATSAPP_VERIFY_TOKEN="e2e-verify", WHATSAPP_APP_SECRET=WA_SECRET, WHATSAPP_ACCESS_TOKEN="e2e-wa-token",
        WHATSAPP_PHONE_NUMBER_ID="106540352242922", MESSENGER_VERIFY_TOKEN="e2e-verify",
        MESSENGER_APP_SECRET=FB_SECRET, MESSENGER_PAGE_ACCESS_TOKEN="e2e-fb-token", GRAPH_API_URL=graph.url,
        GRAPH_MAX_BACKOFF_SECONDS="2", BRIDGE_INBOX_URL=inbox_url, BRIDGE_RETRY_MAX_SECONDS="1",
        BRIDGE_LEASE_SECONDS="20",
    )
    yield running
    running.stop()


def sent_to(graph: FakeGraph, recipient: str, count: int = 1, timeout: float = 60) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in graph.messages() if m.recipient == recipient]
        if len(found) >= count:
            return found
        time.sleep(0.1)
    return [m for m in graph.messages() if m.recipient == recipient]


def fresh_sender() -> str:
    return "1555" + str(uuid.uuid4().int)[:7]


def test_product_question_on_whatsapp_is_answered_with_real_products(stack, graph):
    sender = fresh_sender()
    assert post(stack, "whatsapp", whatsapp("text", sender)).status_code == 200
    replies = sent_to(graph, sender, count=2)
    lists = [m.body for m in replies if m.body.get("type") == "interactive"
             and m.body["interactive"]["type"] == "list"]
    assert lists, [m.body for m in replies]
    rows = lists[0]["interactive"]["action"]["sections"][0]["rows"]
    assert rows and all(r["id"].startswith("/product_question") for r in rows)
    captions = [m.body["image"]["caption"] for m in replies if m.body.get("type") == "image"]
    assert any("Running" in caption and "$" in caption for caption in captions), captions


@pytest.mark.parametrize("name", [n for n in WHATSAPP_CASES if n not in ("text", "reaction")])
def test_every_whatsapp_kind_gets_an_answer(stack, graph, name):
    sender = fresh_sender()
    assert post(stack, "whatsapp", whatsapp(name, sender)).status_code == 200
    replies = sent_to(graph, sender)
    assert replies, f"no reply to {name}"
    if not WHATSAPP_CASES[name][2]:
        assert replies[0].body["text"]["body"] == CANNOT_READ


def test_whatsapp_reaction_is_stored_and_not_answered(stack, graph, inbox_url):
    sender = fresh_sender()
    payload = whatsapp("reaction", sender)
    assert post(stack, "whatsapp", payload).status_code == 200
    inbox = open_inbox(inbox_url)
    from api.whatsapp_inbound import parse_whatsapp

    message = parse_whatsapp(payload).messages[0]
    deadline = time.monotonic() + 20
    while inbox.outcome(message) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert inbox.outcome(message) == "ignored" and sent_to(graph, sender, timeout=0.5) == []
    inbox.close()


def test_username_only_whatsapp_sender_is_answered_by_business_scoped_id(stack, graph):
    payload = json.loads((FIXTURES / "whatsapp" / "bsuid_only.json").read_text())
    bsuid = f"US.{uuid.uuid4().int % 10**18}"
    payload["entry"][0]["changes"][0]["value"]["contacts"][0]["user_id"] = bsuid
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    message["from_user_id"], message["id"] = bsuid, f"wamid.e2e{uuid.uuid4().hex}"
    assert post(stack, "whatsapp", payload).status_code == 200
    [first, *_] = sent_to(graph, bsuid)
    assert "to" not in first.body and "find products" in json.dumps(first.body)


@pytest.mark.parametrize("name", list(MESSENGER_CASES))
def test_every_messenger_kind_gets_an_answer(stack, graph, name):
    psid = str(uuid.uuid4().int)[:16]
    assert post(stack, "messenger", messenger(name, psid)).status_code == 200
    replies = sent_to(graph, psid)
    assert replies and replies[0].body["messaging_type"] == "RESPONSE"
    if not MESSENGER_CASES[name][2]:
        assert replies[0].body["message"]["text"] == CANNOT_READ


def test_messenger_product_question_gets_a_generic_template(stack, graph):
    psid = str(uuid.uuid4().int)[:16]
    post(stack, "messenger", messenger("text", psid))
    replies = sent_to(graph, psid, count=2)
    templates = [m.body["message"]["attachment"]["payload"] for m in replies if "attachment" in m.body["message"]]
    assert templates and templates[0]["template_type"] == "generic"
    assert 0 < len(templates[0]["elements"]) <= 10


def test_duplicate_delivery_is_answered_once(stack, graph):
    sender = fresh_sender()
    payload = whatsapp("text", sender, text="hi there")
    assert [post(stack, "whatsapp", payload).json()["stored"] for _ in range(3)] == [1, 0, 0]
    sent_to(graph, sender)
    time.sleep(2)
    assert len(sent_to(graph, sender, timeout=0)) == 1


@pytest.mark.parametrize("body, secret, status", [
    (b'{"object":"whatsapp_business_account","entry":[]}', "wrong-secret", 403),
    (b"{not json", None, 400),
    (b'{"pad":"' + b"x" * 70_000 + b'"}', None, 413),
])
def test_bad_signature_malformed_and_oversized_bodies_are_refused(stack, body, secret, status):
    assert post(stack, "whatsapp", body, secret=secret).status_code == status


def test_graph_429_then_200_delivers_once(stack, graph):
    sender = fresh_sender()
    graph.fail_next(1, "429", retry_after="1")
    post(stack, "whatsapp", whatsapp("text", sender, text="hi there"))
    replies = sent_to(graph, sender)
    time.sleep(1)
    assert len(sent_to(graph, sender, timeout=0)) == len(replies) == 1
    assert [r.answered for r in graph.requests if r.recipient == sender and r.is_message] == [429, 200]


def test_rasa_down_and_bridge_restarted_lose_nothing(stack, graph):
    """Rasa stops; messages wait in the inbox; the bridge restarts; Rasa comes back; all answered once, in order."""
    _, rasa, bridge_service = stack.services
    sender = fresh_sender()
    _stop(rasa)
    for text in ("hi there", "thanks", "bye"):
        assert post(stack, "whatsapp", whatsapp("text", sender, text=text)).status_code == 200
    time.sleep(2)
    assert sent_to(graph, sender, timeout=0) == []
    _stop(bridge_service)
    _restart(stack, rasa)
    _restart(stack, bridge_service)
    replies = sent_to(graph, sender, count=3, timeout=120)
    time.sleep(2)
    replies = sent_to(graph, sender, count=3, timeout=0)
    texts = [json.dumps(r.body) for r in replies]
    assert len(replies) == 3, texts
    assert "find products" in texts[0] and "Bye" in texts[2]


def _stop(service) -> None:
    service.process.terminate()
    service.process.wait(30)


def _restart(stack, service) -> None:
    with open(service.log_path, "ab") as log:
        service.process = subprocess.Popen(service.command, cwd=ROOT, env=stack.environment(), stdout=log,
                                           stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 300
    while not service.is_ready():
        assert service.process.poll() is None and time.monotonic() < deadline, f"{service.name} did not restart"
        time.sleep(0.5)
