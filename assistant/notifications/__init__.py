"""Messages the shopper asked for: consent per channel identity, product alerts, order updates, a sent-log."""

from assistant.notifications.model import ChannelIdentity, Notice, ProductAlert
from assistant.notifications.store import NotificationStore, Subscriptions

__all__ = ["ChannelIdentity", "Notice", "NotificationStore", "ProductAlert", "Subscriptions"]
