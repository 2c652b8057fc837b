"""Deliver rendered messages to one person through the Graph API, per channel."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from api.graph import GraphClient, GraphError
from api.inbound import InboundMessage, ReplyAddress

if TYPE_CHECKING:
    from api.wechat_choices import ChoiceMemory
    from api.wechat_client import WeChatClient

log = logging.getLogger(__name__)


class Sender(Protocol):
    """What a channel needs to answer a shopper."""

    def send(self, address: ReplyAddress, message: dict) -> str:
        """Send one rendered message; return the platform's message id."""

    def acknowledge(self, message: InboundMessage) -> None:
        """Mark the shopper's message read and show typing, best effort."""


@dataclass(frozen=True)
class WhatsAppSender:
    """`POST /{phone-number-id}/messages` to a phone number (`to`) or a business-scoped user id (`recipient`)."""

    graph: GraphClient
    phone_number_id: str
    access_token: str

    def send(self, address: ReplyAddress, message: dict) -> str:
        """Send one rendered message; return the `wamid` Meta assigned."""
        target = {"to": address.phone} if address.phone else {"recipient": address.user_id}
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", **target, **message}
        answer = self.graph.post(f"{self.phone_number_id}/messages", self.access_token, body)
        messages = answer.get("messages") or [{}]
        return str(messages[0].get("id", ""))

    def acknowledge(self, message: InboundMessage) -> None:
        """Blue ticks and a typing indicator on the shopper's message."""
        body = {"messaging_product": "whatsapp", "status": "read", "message_id": message.message_id,
                "typing_indicator": {"type": "text"}}
        _best_effort(lambda: self.graph.post(f"{self.phone_number_id}/messages", self.access_token, body, retries=0))


@dataclass(frozen=True)
class MessengerSender:
    """`POST /me/messages` with the page access token, as a RESPONSE to the shopper's message."""

    graph: GraphClient
    page_access_token: str

    def send(self, address: ReplyAddress, message: dict) -> str:
        """Send one rendered message; return the `mid` Meta assigned."""
        body = {"recipient": {"id": address.user_id}, "messaging_type": "RESPONSE", "message": message}
        return str(self.graph.post("me/messages", self.page_access_token, body).get("message_id", ""))

    def acknowledge(self, message: InboundMessage) -> None:
        """`mark_seen`, then `typing_on`."""
        for action in ("mark_seen", "typing_on"):
            body = {"recipient": {"id": message.address.user_id}, "sender_action": action}
            _best_effort(lambda body=body: self.graph.post("me/messages", self.page_access_token, body, retries=0))


def _best_effort(call) -> None:
    try:
        call()
    except GraphError as error:
        log.info("read receipt / typing indicator not sent: %s", error)


@dataclass(frozen=True)
class WeChatSender:
    """Customer Service Message API: `POST /cgi-bin/message/custom/send` to an openid (within 48 hours)."""

    client: "WeChatClient"
    choices: "ChoiceMemory | None" = None

    def send(self, address: ReplyAddress, message: dict) -> str:
        """Send one rendered message; numbered choices are remembered first, so a quick reply finds them."""
        body = {k: v for k, v in message.items() if not k.startswith("_")}
        if self.choices is not None and message.get("_choices"):
            self.choices.remember(f"wechat:{address.user_id}", list(message["_choices"]))
        answer = self.client.post("cgi-bin/message/custom/send", {"touser": address.user_id, **body})
        return str(answer.get("msgid", ""))

    def acknowledge(self, message: InboundMessage) -> None:
        """The "typing" indicator of the customer service API, best effort."""
        body = {"touser": message.address.user_id, "command": "Typing"}
        _best_effort(lambda: self.client.post("cgi-bin/message/custom/typing", body))
