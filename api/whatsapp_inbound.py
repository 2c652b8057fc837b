"""Parse WhatsApp Cloud API webhooks (`whatsapp_business_account`) into inbound messages and statuses."""

from __future__ import annotations

import logging

from api.inbound import (
    InboundMessage,
    ReplyAddress,
    StatusUpdate,
    WebhookBatch,
    as_dict,
    as_int,
    as_list,
    as_str,
    payload_or_title,
)

log = logging.getLogger(__name__)
MEDIA_KINDS = ("image", "audio", "video", "document", "sticker")


def parse_whatsapp(payload: object) -> WebhookBatch:
    """Every message and status in every entry and change; malformed items are counted, never raised."""
    messages: list[InboundMessage] = []
    statuses: list[StatusUpdate] = []
    ignored = malformed = 0
    for entry in as_list(as_dict(payload).get("entry")):
        for change in as_list(as_dict(entry).get("changes")):
            change = as_dict(change)
            value = as_dict(change.get("value"))
            if change.get("field", "messages") != "messages":
                ignored += 1
                continue
            contacts = [as_dict(c) for c in as_list(value.get("contacts"))]
            for raw in as_list(value.get("messages")):
                message = _message(as_dict(raw), contacts)
                if message is None:
                    malformed += 1
                else:
                    messages.append(message)
            for raw in as_list(value.get("statuses")):
                status = _status(as_dict(raw))
                if status is None:
                    malformed += 1
                else:
                    statuses.append(status)
    return WebhookBatch(tuple(messages), tuple(statuses), ignored, malformed)


def _message(raw: dict, contacts: list[dict]) -> InboundMessage | None:
    message_id = as_str(raw.get("id"))
    contact = _contact_for(raw, contacts)
    phone = as_str(raw.get("from")) or as_str(contact.get("wa_id"))
    user_id = as_str(raw.get("from_user_id")) or as_str(contact.get("user_id"))
    if not message_id or not (phone or user_id):
        log.warning("whatsapp message without id or sender skipped")
        return None
    kind, text, extra = _content(raw)
    return InboundMessage(
        channel="whatsapp",
        message_id=message_id,
        address=ReplyAddress(channel="whatsapp", phone=phone, user_id=user_id),
        kind=kind,
        text=text,
        profile_name=as_str(as_dict(contact.get("profile")).get("name")),
        timestamp=as_int(raw.get("timestamp")),
        extra=extra,
    )


def _contact_for(raw: dict, contacts: list[dict]) -> dict:
    """The contact entry of this message's sender (matched on wa_id or user_id), else the only one."""
    sender_ids = {as_str(raw.get("from")), as_str(raw.get("from_user_id"))} - {None}
    for contact in contacts:
        if sender_ids & {as_str(contact.get("wa_id")), as_str(contact.get("user_id"))}:
            return contact
    return contacts[0] if len(contacts) == 1 else {}


def _content(raw: dict) -> tuple[str, str, dict]:
    """(kind, text for Rasa, small extra facts) of one message."""
    kind = as_str(raw.get("type")) or "unsupported"
    body = as_dict(raw.get(kind))
    if kind == "text":
        return "text", as_str(body.get("body")) or "", {}
    if kind == "interactive":
        reply_kind = as_str(body.get("type")) or ""
        if reply_kind in ("button_reply", "list_reply"):
            reply = as_dict(body.get(reply_kind))
            return reply_kind, payload_or_title(reply.get("id"), reply.get("title")), {}
        return "unsupported", "", {"interactive_type": reply_kind}
    if kind == "button":
        return "button", payload_or_title(body.get("payload"), body.get("text")), {}
    if kind in MEDIA_KINDS:
        return kind, "", {"mime_type": as_str(body.get("mime_type"))}
    if kind == "location":
        return "location", "", {}
    if kind == "contacts":
        return "contacts", "", {"count": len(as_list(raw.get("contacts")))}
    if kind == "order":
        return "order", "", {"items": len(as_list(body.get("product_items")))}
    if kind == "reaction":
        return "reaction", "", {"emoji": as_str(body.get("emoji"))}
    return "unsupported", "", {"type": kind}


def _status(raw: dict) -> StatusUpdate | None:
    message_id, status = as_str(raw.get("id")), as_str(raw.get("status"))
    if not message_id or not status:
        return None
    errors = tuple(
        (as_int(as_dict(e).get("code")), as_str(as_dict(e).get("title")) or "")
        for e in as_list(raw.get("errors"))
    )
    return StatusUpdate(channel="whatsapp", message_id=message_id, status=status, errors=errors)
