"""Facebook Messenger channel: `GET`/`POST /webhooks/messenger`."""

from api.messenger_inbound import parse_messenger
from api.webhooks import webhook_blueprint

bp = webhook_blueprint("messenger", "page", parse_messenger)
