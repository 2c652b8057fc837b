"""Signed WhatsApp and Messenger webhooks to a running bridge, from the documented fixture payloads."""

from __future__ import annotations

import json
import uuid

import requests

from api.signature import sign
from stack.processes import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
WA_SECRET, FB_SECRET = "e2e-wa-secret", "e2e-fb-secret"


def bridge(stack) -> str:
    """The base URL of the stack's bridge."""
    return f"http://127.0.0.1:{stack.ports.bridge}"


def post(stack, channel: str, payload: dict | bytes, secret: str | None = None) -> requests.Response:
    """POST a webhook body signed with X-Hub-Signature-256, as Meta sends it."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    signature = sign(body, secret or (WA_SECRET if channel == "whatsapp" else FB_SECRET))
    return requests.post(f"{bridge(stack)}/webhooks/{channel}", data=body, timeout=10,
                         headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})


def whatsapp(name: str, sender: str, text: str | None = None) -> dict:
    """A documented payload from a fresh sender with fresh message ids."""
    payload = json.loads((FIXTURES / "whatsapp" / f"{name}.json").read_text())
    value = payload["entry"][0]["changes"][0]["value"]
    for message in value.get("messages", []):
        message["id"], message["from"] = f"wamid.e2e{uuid.uuid4().hex}", sender
        if text is not None:
            message["text"]["body"] = text
    for contact in value.get("contacts", []):
        contact["wa_id"] = sender
    return payload


def messenger(name: str, psid: str) -> dict:
    """A documented Messenger payload for `psid` with fresh message ids."""
    payload = json.loads((FIXTURES / "messenger" / f"{name}.json").read_text())
    for event in payload["entry"][0]["messaging"]:
        event["sender"]["id"] = psid
        for key in ("message", "postback"):
            if key in event and "mid" in event[key]:
                event[key]["mid"] = f"m_e2e{uuid.uuid4().hex}"
    return payload
