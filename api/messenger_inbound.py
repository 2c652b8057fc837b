"""Parse Messenger Platform webhooks (`object: page`) into inbound messages; echoes, deliveries and reads are ignored."""

from __future__ import annotations

import hashlib
import logging

from api.inbound import (
    InboundMessage,
    ReplyAddress,
    WebhookBatch,
    as_dict,
    as_int,
    as_list,
    as_str,
    payload_or_title,
)

log = logging.getLogger(__name__)
IGNORED_EVENTS = ("delivery", "read", "reaction", "optin", "referral", "account_linking")


def parse_messenger(payload: object) -> WebhookBatch:
    """Every messaging event of every entry; what is not a shopper's message is counted as ignored."""
    messages: list[InboundMessage] = []
    ignored = malformed = 0
    for entry in as_list(as_dict(payload).get("entry")):
        for event in as_list(as_dict(entry).get("messaging")):
            event = as_dict(event)
            message = as_dict(event.get("message"))
            if message.get("is_echo") or not ("message" in event or "postback" in event):
                ignored += 1
                continue
            parsed = _event(event)
            if parsed is None:
                malformed += 1
            else:
                messages.append(parsed)
    return WebhookBatch(tuple(messages), (), ignored, malformed)


def _event(event: dict) -> InboundMessage | None:
    psid = as_str(as_dict(event.get("sender")).get("id"))
    timestamp = as_int(event.get("timestamp"))
    if not psid:
        log.warning("messenger event without sender skipped")
        return None
    if "postback" in event:
        postback = as_dict(event.get("postback"))
        text = payload_or_title(postback.get("payload"), postback.get("title"))
        message_id = as_str(postback.get("mid")) or _synthetic_id(psid, timestamp, text)
        return _message(psid, message_id, "postback", text, timestamp)
    message = as_dict(event.get("message"))
    message_id = as_str(message.get("mid"))
    if not message_id:
        log.warning("messenger message without mid skipped")
        return None
    quick_reply = as_dict(message.get("quick_reply"))
    if quick_reply:
        return _message(psid, message_id, "quick_reply",
                        payload_or_title(quick_reply.get("payload"), message.get("text")), timestamp)
    text = as_str(message.get("text"))
    if text:
        return _message(psid, message_id, "text", text, timestamp)
    attachments = [as_dict(a) for a in as_list(message.get("attachments"))]
    kinds = [as_str(a.get("type")) or "unknown" for a in attachments]
    return _message(psid, message_id, "attachment", "", timestamp, {"attachments": kinds})


def _message(psid: str, message_id: str, kind: str, text: str, timestamp: int,
             extra: dict | None = None) -> InboundMessage:
    return InboundMessage(
        channel="messenger", message_id=message_id, address=ReplyAddress(channel="messenger", user_id=psid),
        kind=kind, text=text, timestamp=timestamp // 1000, extra=extra or {},  # Messenger sends milliseconds
    )


def _synthetic_id(psid: str, timestamp: int, text: str) -> str:
    """A stable id for postbacks from API versions that send no `mid`: redeliveries hash the same."""
    digest = hashlib.sha256(f"{psid}|{timestamp}|{text}".encode()).hexdigest()[:24]
    return f"postback-{digest}"
