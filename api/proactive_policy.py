"""Each platform's rule for messages the assistant starts: inside the service window, a template, or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from api.config import ProactiveSettings, WeChatSettings
from assistant.notifications.model import Notice

#: Customer service windows: WhatsApp and Messenger 24 hours, WeChat 48 hours since the shopper's last message.
WINDOWS = {"whatsapp": timedelta(hours=24), "messenger": timedelta(hours=24), "wechat": timedelta(hours=48)}


@dataclass(frozen=True, slots=True)
class Plan:
    """What to send (`path` is WeChat's API path; `body` lacks the recipient), or why nothing is sent."""

    body: dict | None
    reason: str
    path: str = ""

    @property
    def sends(self) -> bool:
        """True when a message goes out."""
        return self.body is not None


def inside_window(channel: str, last_message_at: datetime | None, now: datetime) -> bool:
    """True while the platform lets us answer freely."""
    window = WINDOWS.get(channel)
    return bool(window and last_message_at and now - last_message_at < window)


def plan(notice: Notice, last_message_at: datetime | None, now: datetime, proactive: ProactiveSettings,
         wechat: WeChatSettings | None = None) -> Plan:
    """The message for this notice on its channel under the platform's rules."""
    channel, inside = notice.identity.channel, inside_window(notice.identity.channel, last_message_at, now)
    if channel == "whatsapp":
        if inside:
            return Plan({"type": "text", "text": {"body": notice.text[:4096], "preview_url": False}}, "in_window")
        template = (proactive.whatsapp_alert_template if notice.kind.promotional
                    else proactive.whatsapp_order_template)
        if not template:
            return Plan(None, "outside_24h_window_and_no_template_configured")
        parameters = [{"type": "text", "text": p[:1024]} for p in notice.params]
        body = {"type": "template", "template": {"name": template,
                                                 "language": {"code": proactive.whatsapp_template_language}}}
        if parameters:
            body["template"]["components"] = [{"type": "body", "parameters": parameters}]
        return Plan(body, "template")
    if channel == "messenger":
        if inside:
            return Plan({"messaging_type": "UPDATE", "message": {"text": notice.text[:2000]}}, "in_window")
        if notice.kind.promotional:
            return Plan(None, "outside_24h_window_promotional_content_not_allowed")
        if not proactive.messenger_message_tag:
            return Plan(None, "outside_24h_window_no_message_tag_allowed")
        return Plan({"messaging_type": "MESSAGE_TAG", "tag": proactive.messenger_message_tag,
                     "message": {"text": notice.text[:2000]}}, "message_tag")
    if channel == "wechat":
        if inside:
            return Plan({"msgtype": "text", "text": {"content": notice.text[:680]}}, "in_window",
                        "cgi-bin/message/custom/send")
        if notice.kind.promotional or not (wechat and wechat.template_id):
            return Plan(None, "outside_48h_window_and_no_template_message")
        order_number, headline, details = (tuple(notice.params) + ("", "", ""))[:3]
        values = {"first": headline or notice.text, "keyword1": order_number, "keyword2": details}
        data = {key: {"value": value[:200]} for key, value in values.items() if value}
        return Plan({"template_id": wechat.template_id, "data": data}, "template", "cgi-bin/message/template/send")
    return Plan(None, f"channel_{channel}_cannot_receive_proactive_messages")
