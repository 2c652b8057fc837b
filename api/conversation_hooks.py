"""What the bridge notes about each inbound message before storing it: last contact, opt-outs, numbered choices."""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timezone

from api.inbound import InboundMessage
from api.masking import mask_id
from api.wechat_choices import ChoiceMemory
from assistant.notifications.model import ChannelIdentity
from assistant.notifications.store import NotificationStore

log = logging.getLogger(__name__)
#: Whole messages that end proactive messages at once, whatever the NLU makes of them.
STOP_WORDS = frozenset({"stop", "unsubscribe", "stop all", "opt out", "optout", "退订", "取消订阅"})


class ConversationHooks:
    """Records the last message time (for service windows) and opt-outs; resolves WeChat numbered choices."""

    def __init__(self, store: NotificationStore | None = None, choices: ChoiceMemory | None = None) -> None:
        self.store, self.choices = store, choices

    def before_store(self, message: InboundMessage, event: str = "") -> InboundMessage:
        """The message to put in the inbox (a number reply becomes the chosen button's payload)."""
        identity = ChannelIdentity(message.channel, message.address.key)
        if self.store is not None and identity.user_id:
            if message.kind == "unsubscribe" or message.text.strip().casefold() in STOP_WORDS:
                self.store.opt_out(identity)
                log.info("%s:%s opted out of proactive messages", message.channel, mask_id(identity.user_id))
            if message.kind != "unsubscribe":
                self.store.saw_message(identity, _moment(message.timestamp))
        if self.choices is not None and message.channel == "wechat" and message.kind == "text":
            payload = self.choices.resolve(message.conversation, message.text)
            if payload is not None:
                message = dataclasses.replace(message, text=payload, kind="button")
        return message


def _moment(timestamp: int) -> datetime | None:
    """The message's time, or None (now) when the platform sent none or an impossible one."""
    try:
        return datetime.fromtimestamp(timestamp, timezone.utc) if timestamp else None
    except (ValueError, OverflowError, OSError):
        return None
