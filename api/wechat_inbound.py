"""Parse WeChat Official Account XML pushes (messages and events) into inbound messages, safely and bounded."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from api.inbound import InboundMessage, ReplyAddress, as_int, payload_or_title
from api.wechat_crypto import MessageCipher
from api.wechat_signature import signature_matches

log = logging.getLogger(__name__)
#: The only root WeChat sends, and the most fields any documented push has: anything beyond is not WeChat.
ROOT, MAX_FIELDS, MAX_FIELD_CHARS = "xml", 40, 8192
#: Safe mode's ciphertext is base64 of the whole message (UTF-8, 4/3 larger): bounded by the body limit instead.
ENCRYPTED_FIELD, MAX_ENCRYPTED_CHARS = "Encrypt", 64 * 1024


class MalformedXml(ValueError):
    """The body is not a WeChat XML push (bad XML, entities or a DTD, wrong shape, missing fields)."""


class ForgedMessage(ValueError):
    """A safe-mode push whose `msg_signature` is not the token's signature of its `Encrypt` text."""


@dataclass(frozen=True, slots=True)
class WeChatPush:
    """One push from WeChat: the message to put in the inbox, and its event name (empty for messages)."""

    message: InboundMessage
    event: str = ""


def read_fields(body: bytes) -> dict[str, str]:
    """The flat `<xml>` element's children as text; DTDs, entities, nesting beyond one level refused."""
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise MalformedXml(f"not well-formed XML ({type(error).__name__})") from error
    if root.tag != ROOT:
        raise MalformedXml("root element is not <xml>")
    children = list(root)
    if len(children) > MAX_FIELDS:
        raise MalformedXml("too many fields")
    fields: dict[str, str] = {}
    for child in children:
        fields[child.tag] = _text(child)
    return fields


def _text(element: Element) -> str:
    text = (element.text or "").strip()
    if len(text) > (MAX_ENCRYPTED_CHARS if element.tag == ENCRYPTED_FIELD else MAX_FIELD_CHARS):
        raise MalformedXml(f"field {element.tag} too long")
    return text


def open_encrypted(body: bytes, cipher: MessageCipher, token: str, timestamp: str | None, nonce: str | None,
                   msg_signature: str | None) -> bytes:
    """The XML inside a safe- or compatibility-mode push, once `msg_signature` covers its `Encrypt`."""
    # Compatibility mode's plaintext fields are ignored: only the signed ciphertext is trusted.
    encrypted = read_fields(body).get(ENCRYPTED_FIELD, "")
    if not encrypted:
        raise MalformedXml("encrypted push without <Encrypt>")
    if not signature_matches(token, timestamp, nonce, msg_signature, encrypted):
        raise ForgedMessage("msg_signature does not match the Encrypt field")
    return cipher.decrypt(encrypted)


def parse_wechat(body: bytes) -> WeChatPush:
    """One push as an inbound message; raises `MalformedXml` when it is not a WeChat message or event."""
    fields = read_fields(body)
    openid, kind = fields.get("FromUserName", ""), fields.get("MsgType", "").lower()
    created = as_int(fields.get("CreateTime"))
    if not openid or not kind or not created:
        raise MalformedXml("FromUserName, MsgType or CreateTime missing")
    if kind == "event":
        return _event(fields, openid, created)
    message_id = fields.get("MsgId", "")
    if not message_id:
        raise MalformedXml("message without MsgId")
    kind, text, extra = _content(kind, fields)
    return WeChatPush(_message(openid, message_id, kind, text, created, extra))


def _content(kind: str, fields: dict[str, str]) -> tuple[str, str, dict]:
    """(kind, text for Rasa, small extra facts) of one message."""
    if kind == "text":
        extra = {"menu_id": fields["bizmsgmenuid"]} if fields.get("bizmsgmenuid") else {}
        return "text", fields.get("Content", ""), extra
    if kind == "voice":
        recognition = fields.get("Recognition", "")
        return ("voice_recognition", recognition, {}) if recognition else ("voice", "", {})
    if kind == "location":
        return "location", "", {"label": fields.get("Label", "")[:200]}
    if kind == "link":
        return "link", "", {"title": fields.get("Title", "")[:200]}
    if kind in ("image", "video", "shortvideo", "file"):
        return kind, "", {}
    return "unsupported", "", {"type": kind[:40]}


def _event(fields: dict[str, str], openid: str, created: int) -> WeChatPush:
    """Events have no MsgId: WeChat's documented dedup key is sender + CreateTime."""
    event = fields.get("Event", "").lower()
    message_id = f"event-{openid}-{created}"
    key = fields.get("EventKey", "")
    if event == "subscribe":
        return WeChatPush(_message(openid, message_id, "follow", "/greet", created), event)
    if event == "click" and key:
        return WeChatPush(_message(openid, message_id, "menu_click", payload_or_title(key, key), created), event)
    kind = "unsubscribe" if event == "unsubscribe" else "event"
    return WeChatPush(_message(openid, message_id, kind, "", created, {"event": event[:40]}), event)


def _message(openid: str, message_id: str, kind: str, text: str, created: int, extra: dict | None = None):
    return InboundMessage(channel="wechat", message_id=message_id,
                          address=ReplyAddress(channel="wechat", user_id=openid), kind=kind, text=text,
                          timestamp=created, extra=extra or {})
