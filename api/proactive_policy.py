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
        return Plan({"type": "template", "template": _template(template, proactive.whatsapp_template_language,
                                                               notice.params)}, "template")
    if channel == "messenger":
        return _messenger(notice, inside, proactive)
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


def _messenger(notice: Notice, inside: bool, proactive: ProactiveSettings) -> Plan:
    """Inside 24 hours any text; outside, only an approved utility template, and never promotional content."""
    # Meta retired the ACCOUNT_UPDATE, POST_PURCHASE_UPDATE and CONFIRMED_EVENT_UPDATE message tags (April 27, 2026):
    # order updates outside the window are utility messages (a Page template, `page_utility_messaging` permission).
    # HUMAN_AGENT is for people answering by hand; alerts are marketing, which needs Meta's marketing messages opt-in.
    if inside:
        return Plan({"messaging_type": "UPDATE", "message": {"text": notice.text[:2000]}}, "in_window")
    if notice.kind.promotional:
        return Plan(None, "outside_24h_window_promotional_needs_marketing_messages_opt_in")
    if not proactive.messenger_order_template:
        return Plan(None, "outside_24h_window_and_no_utility_template_configured")
    template = _template(proactive.messenger_order_template, proactive.messenger_template_language, notice.params)
    return Plan({"messaging_type": "UTILITY", "message": {"template": template}}, "utility_template")


def _template(name: str, language: str, params: tuple[str, ...]) -> dict:
    """A Meta template with positional body parameters ({{1}}, {{2}}, ...): WhatsApp and Messenger alike."""
    template: dict = {"name": name, "language": {"code": language}}
    if params:
        parameters = [{"type": "text", "text": p[:1024]} for p in params]
        template["components"] = [{"type": "body", "parameters": parameters}]
    return template
