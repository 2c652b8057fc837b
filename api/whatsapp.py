"""WhatsApp Cloud API channel: `GET`/`POST /webhooks/whatsapp`."""

from api.webhooks import webhook_blueprint
from api.whatsapp_inbound import parse_whatsapp

bp = webhook_blueprint("whatsapp", "whatsapp_business_account", parse_whatsapp)
