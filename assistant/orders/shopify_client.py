"""HTTP client of the Shopify Admin GraphQL API: timeouts, throttling and safe retries."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import requests
from urllib3.exceptions import NewConnectionError

from assistant.orders.errors import (
    OrderSystemAuthError,
    OrderSystemResponseError,
    OrderSystemUnavailable,
)

log = logging.getLogger(__name__)

DEFAULT_API_VERSION = "2025-01"


@dataclass(frozen=True, repr=False)
class ShopifySettings:
    """Where the shop is and how patiently to talk to it (built by the caller, e.g. from `Settings`)."""

    api_url: str
    access_token: str
    api_version: str = DEFAULT_API_VERSION
    connect_timeout: float = 3.05
    read_timeout: float = 10.0
    max_attempts: int = 4
    backoff_seconds: float = 0.5
    max_wait_seconds: float = 10.0

    @property
    def endpoint(self) -> str:
        """The GraphQL endpoint: {api_url}/admin/api/{version}/graphql.json."""
        return f"{self.api_url.rstrip('/')}/admin/api/{self.api_version}/graphql.json"

    def __repr__(self) -> str:
        return (f"ShopifySettings(api_url={self.api_url!r}, access_token='***', "
                f"api_version={self.api_version!r})")


class MutationOutcomeUnknown(OrderSystemUnavailable):
    """A mutation timed out or met a 5xx: it may or may not have been applied."""


class _Retryable(Exception):
    """One attempt failed in a way a later attempt may not."""

    def __init__(self, description: str, wait: float | None = None, maybe_applied: bool = False):
        super().__init__(description)
        self.wait = wait
        self.maybe_applied = maybe_applied


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for: a number ("2.0") or an HTTP date; None if unusable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - (now or datetime.now(timezone.utc))).total_seconds())


def throttle_wait_seconds(body: dict) -> float | None:
    """Seconds until the query-cost bucket refills enough, from a THROTTLED body's `extensions.cost`."""
    cost = (body.get("extensions") or {}).get("cost") or {}
    status = cost.get("throttleStatus") or {}
    try:
        missing = float(cost["requestedQueryCost"]) - float(status["currentlyAvailable"])
        return max(0.0, missing / float(status["restoreRate"]))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None


def is_throttled(body: dict) -> bool:
    """Whether a 200 GraphQL body carries the THROTTLED error."""
    return any(
        (error.get("extensions") or {}).get("code") == "THROTTLED" or error.get("message") == "Throttled"
        for error in body.get("errors") or []
        if isinstance(error, dict)
    )


def _never_connected(error: requests.ConnectionError) -> bool:
    """Whether the connection was refused before any byte of the request was sent."""
    reason = getattr(error.args[0] if error.args else None, "reason", None)
    return isinstance(reason, NewConnectionError)


class ShopifyGraphQLClient:
    """Posts GraphQL documents; queries retry on 429/5xx/timeouts, mutations only when surely not applied."""

    def __init__(
        self,
        settings: ShopifySettings,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._settings = settings
        self._session = session or requests.Session()
        self._session.headers.update({
            "X-Shopify-Access-Token": settings.access_token,
            "Content-Type": "application/json",
            "Accept": "application/json",
        })
        self._sleep = sleep

    def query(self, document: str, variables: dict | None = None) -> dict:
        """Run a read; safe to repeat, so every transient failure is retried."""
        return self._run(document, variables, is_mutation=False)

    def mutate(self, document: str, variables: dict | None = None) -> dict:
        """Run a write; retried only on 429/THROTTLED (rejected before running), else MutationOutcomeUnknown."""
        return self._run(document, variables, is_mutation=True)

    def close(self) -> None:
        """Close the HTTP session."""
        self._session.close()

    def _run(self, document: str, variables: dict | None, is_mutation: bool) -> dict:
        settings = self._settings
        for attempt in range(1, settings.max_attempts + 1):
            try:
                return self._post(document, variables or {})
            except _Retryable as failure:
                if is_mutation and failure.maybe_applied:
                    raise MutationOutcomeUnknown(f"Shopify mutation outcome unknown: {failure}") from failure
                log.warning("shopify attempt %d/%d failed: %s", attempt, settings.max_attempts, failure)
                if attempt == settings.max_attempts:
                    raise OrderSystemUnavailable(f"Shopify unavailable: {failure}") from failure
                backoff = settings.backoff_seconds * 2 ** (attempt - 1)
                wait = failure.wait if failure.wait is not None else backoff
                self._sleep(min(wait, settings.max_wait_seconds))
        raise AssertionError("unreachable")

    def _post(self, document: str, variables: dict) -> dict:
        settings = self._settings
        try:
            response = self._session.post(
                settings.endpoint,
                json={"query": document, "variables": variables},
                timeout=(settings.connect_timeout, settings.read_timeout),
            )
        except requests.ConnectTimeout as error:
            raise _Retryable(f"connect timeout ({type(error).__name__})") from error
        except requests.Timeout as error:
            raise _Retryable("read timeout", maybe_applied=True) from error
        except requests.ConnectionError as error:
            never_sent = _never_connected(error)
            raise _Retryable("connection failed", maybe_applied=not never_sent) from error
        status = response.status_code
        if status == 429:
            raise _Retryable("HTTP 429", wait=retry_after_seconds(response.headers.get("Retry-After")))
        if status >= 500:
            raise _Retryable(f"HTTP {status}", maybe_applied=True)
        if status in (401, 403):
            raise OrderSystemAuthError(f"Shopify refused the access token (HTTP {status})")
        if status != 200:
            raise OrderSystemResponseError(f"Shopify answered HTTP {status}")
        try:
            body = response.json()
        except ValueError as error:
            raise OrderSystemResponseError("Shopify answered with invalid JSON") from error
        if is_throttled(body):
            raise _Retryable("THROTTLED", wait=throttle_wait_seconds(body))
        if body.get("errors"):
            messages = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e)
                                 for e in body["errors"])
            raise OrderSystemResponseError(f"Shopify GraphQL error: {messages}")
        if not isinstance(body.get("data"), dict):
            raise OrderSystemResponseError("Shopify answered without data")
        return body["data"]
