"""Graph API client: one POST, retried only when Meta certainly did not act on it."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from urllib3.exceptions import NewConnectionError

log = logging.getLogger(__name__)

#: Throttling codes (Graph API and WhatsApp Cloud API): wait, then the same request may succeed.
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80007, 130429, 131056})
#: Temporary failures Meta documents as "try again later".
TRANSIENT_CODES = frozenset({1, 2, 1200, 131000, 131016})
#: Codes that mean the bridge is misconfigured: an operator has to act.
CONFIGURATION_CODES = frozenset({190, 200, 10, 131005, 133010})
#: Codes that refuse this one message for good: retrying would only repeat the refusal.
EXPLAINED_CODES = {
    131047: "more than 24 hours since the shopper's last message; only a template message can be sent",
    131026: "the message is undeliverable to this WhatsApp user",
    131051: "WhatsApp does not support this message type",
    100: "invalid parameter in the message",
    551: "this Messenger user is not available right now",
    1545041: "this Messenger user is not available right now",
    2018278: "outside the Messenger 24-hour messaging window",
}


class GraphError(RuntimeError):
    """The Graph API refused or failed a request."""

    def __init__(self, message: str, status: int = 0, code: int = 0, subcode: int = 0) -> None:
        super().__init__(message)
        self.status, self.code, self.subcode = status, code, subcode


class GraphRetryLater(GraphError):
    """Throttled or temporarily failing after the in-process retries: try again after `retry_after`."""

    def __init__(self, message: str, retry_after: float, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class GraphRejected(GraphError):
    """Meta refused this message for good (documented error code); do not send it again."""


class GraphOutcomeUnknown(GraphError):
    """The request left but no answer came: Meta may have sent it, so it must not be sent again."""


@dataclass
class GraphClient:
    """POSTs JSON with a bearer token, (connect, read) timeouts and bounded, Retry-After-aware retries."""

    base_url: str
    timeout_seconds: float = 10.0
    max_retries: int = 3
    max_backoff_seconds: float = 30.0
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep

    def post(self, path: str, token: str, body: dict, retries: int | None = None) -> dict:
        """POST `body` to `path`; return the JSON answer or raise a typed `GraphError`."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        retries = self.max_retries if retries is None else retries
        for attempt in range(retries + 1):
            try:
                response = self.session.post(url, json=body, headers={"Authorization": f"Bearer {token}"},
                                             timeout=(3.05, self.timeout_seconds))
            except requests.RequestException as error:
                if not _never_sent(error):
                    raise GraphOutcomeUnknown(f"no answer from the Graph API: {type(error).__name__}") from error
                failure = GraphRetryLater(f"Graph API unreachable: {type(error).__name__}", self._backoff(attempt))
            else:
                if response.status_code < 300:
                    return _json(response)
                failure = self._classify(response, attempt)
            if isinstance(failure, GraphRetryLater) and attempt < retries \
                    and failure.retry_after <= self.max_backoff_seconds:
                log.info("graph API %s; retry %d in %.1fs", failure, attempt + 1, failure.retry_after)
                self.sleep(failure.retry_after)
                continue
            raise failure
        raise AssertionError("unreachable")

    def _classify(self, response: requests.Response, attempt: int) -> GraphError:
        error = _json(response).get("error") or {}
        code, subcode = _int(error.get("code")), _int(error.get("error_subcode"))
        message = f"HTTP {response.status_code}, code {code}" + (f"/{subcode}" if subcode else "")
        kwargs = {"status": response.status_code, "code": code, "subcode": subcode}
        if response.status_code == 429 or code in RATE_LIMIT_CODES:
            wait = _retry_after(response) or self._backoff(attempt, base=2.0)
            return GraphRetryLater(f"throttled ({message})", wait, **kwargs)
        if response.status_code >= 500 or code in TRANSIENT_CODES:
            return GraphRetryLater(f"temporary failure ({message})", _retry_after(response) or self._backoff(attempt),
                                   **kwargs)
        reason = EXPLAINED_CODES.get(subcode) or EXPLAINED_CODES.get(code)
        if code in CONFIGURATION_CODES and not reason:
            reason = "access token or permissions are wrong; check the channel's configuration"
        return GraphRejected(f"refused ({message}): {reason or 'see the Graph API error reference'}", **kwargs)

    def _backoff(self, attempt: int, base: float = 0.5) -> float:
        """Exponential backoff with jitter, capped."""
        return min(self.max_backoff_seconds, base * 2**attempt) * random.uniform(0.8, 1.0)


def _never_sent(error: requests.RequestException) -> bool:
    """True only when the connection was never made, so Meta cannot have received the request."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(error, requests.ConnectionError) and isinstance(reason, NewConnectionError)


def _retry_after(response: requests.Response) -> float | None:
    try:
        return max(0.0, float(response.headers["Retry-After"]))
    except (KeyError, ValueError):
        return None


def _json(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
