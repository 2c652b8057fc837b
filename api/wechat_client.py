"""WeChat Official Account API client: access token cached until it expires, JSON posts with errcode handling."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from api.graph import GraphOutcomeUnknown, GraphRejected, GraphRetryLater

log = logging.getLogger(__name__)

#: errcodes meaning the access token is wrong or stale: fetch a new one and try once more.
TOKEN_ERRORS = frozenset({40001, 40014, 42001})
#: errcodes meaning "busy / too often": the same request may succeed later.
RETRY_LATER_ERRORS = {-1: 5.0, 45009: 3600.0, 45011: 60.0, 45047: 3600.0}
#: errcodes refusing this one message for good, with what they mean.
EXPLAINED_ERRORS = {
    45015: "more than 48 hours since the shopper's last interaction: customer service messages are not allowed",
    45008: "a news message may hold only one article",
    45002: "content too long",
    40003: "invalid openid (the shopper may have unfollowed the account)",
    43004: "the shopper does not follow the account",
    48001: "the account has no permission for this API",
    40037: "invalid template_id",
}
#: Renew this long before WeChat's stated expiry, so a token never dies in flight.
EXPIRY_MARGIN_SECONDS = 300.0


class WeChatRejected(GraphRejected):
    """WeChat refused this message for good (documented errcode); it is not sent again."""


class WeChatRetryLater(GraphRetryLater):
    """WeChat is busy or a quota is exhausted: try again after `retry_after`."""


class WeChatOutcomeUnknown(GraphOutcomeUnknown):
    """The request left but no answer came: WeChat may have delivered it, so it is not sent again."""


@dataclass
class WeChatClient:
    """`GET /cgi-bin/token` (cached) and JSON `POST`s with `?access_token=`, refreshed once on a token error."""

    base_url: str
    app_id: str
    app_secret: str = field(repr=False)
    timeout_seconds: float = 5.0
    session: requests.Session = field(default_factory=requests.Session)
    clock: Callable[[], float] = time.monotonic
    _token: str = field(default="", init=False, repr=False)
    _expires_at: float = field(default=0.0, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def access_token(self, refresh: bool = False, stale: str = "") -> str:
        """The cached token, fetched when missing, near expiry, or when `refresh` and it is still `stale`."""
        with self._lock:
            expired = self.clock() >= self._expires_at
            if self._token and not expired and not (refresh and self._token == stale):
                return self._token
            answer = self._get("cgi-bin/token", {"grant_type": "client_credential", "appid": self.app_id,
                                                  "secret": self.app_secret})
            token, lifetime = answer.get("access_token"), answer.get("expires_in")
            if not isinstance(token, str) or not token:
                raise WeChatRejected(f"token endpoint refused: errcode {_errcode(answer)}; check WECHAT_APP_ID and "
                                     "WECHAT_APP_SECRET (and the IP whitelist)", code=_errcode(answer))
            self._token = token
            self._expires_at = self.clock() + max(60.0, float(lifetime or 7200) - EXPIRY_MARGIN_SECONDS)
            log.info("wechat access token fetched, valid %ss", lifetime)
            return token

    def post(self, path: str, body: dict) -> dict:
        """POST `body` with the access token; on a token errcode fetch a fresh token and post once more."""
        token = self.access_token()
        answer = self._post(path, token, body)
        if _errcode(answer) in TOKEN_ERRORS:
            log.info("wechat access token refused (errcode %d); fetching a new one", _errcode(answer))
            answer = self._post(path, self.access_token(refresh=True, stale=token), body)
        code = _errcode(answer)
        if code == 0:
            return answer
        if code in RETRY_LATER_ERRORS:
            raise WeChatRetryLater(f"wechat busy or over quota (errcode {code})", RETRY_LATER_ERRORS[code], code=code)
        reason = EXPLAINED_ERRORS.get(code, "see the WeChat global return codes")
        raise WeChatRejected(f"wechat refused (errcode {code}): {reason}", code=code)

    def _get(self, path: str, params: dict) -> dict:
        try:
            response = self.session.get(f"{self.base_url}/{path}", params=params, timeout=(3.05, self.timeout_seconds))
        except requests.RequestException as error:
            raise WeChatRetryLater(f"wechat token endpoint unreachable: {type(error).__name__}", 5.0) from error
        return _json(response)

    def _post(self, path: str, token: str, body: dict) -> dict:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")  # WeChat shows \\u escapes literally
        try:
            response = self.session.post(f"{self.base_url}/{path}", params={"access_token": token}, data=data,
                                         headers={"Content-Type": "application/json; charset=utf-8"},
                                         timeout=(3.05, self.timeout_seconds))
        except requests.ConnectionError as error:
            if isinstance(error, requests.ConnectTimeout) or "NewConnectionError" in repr(error):
                raise WeChatRetryLater(f"wechat API unreachable: {type(error).__name__}", 5.0) from error
            raise WeChatOutcomeUnknown(f"no answer from the wechat API: {type(error).__name__}") from error
        except requests.RequestException as error:
            raise WeChatOutcomeUnknown(f"no answer from the wechat API: {type(error).__name__}") from error
        if response.status_code >= 500:
            raise WeChatRetryLater(f"wechat API answered HTTP {response.status_code}", 5.0, status=response.status_code)
        return _json(response)


def _json(response: requests.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {"errcode": -2}
    return body if isinstance(body, dict) else {"errcode": -2}


def _errcode(answer: dict) -> int:
    try:
        return int(answer.get("errcode", 0))
    except (TypeError, ValueError):
        return -2
