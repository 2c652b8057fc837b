"""A fake WeChat Official Account API on 127.0.0.1 (token and send endpoints), and pushes as WeChat signs them."""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse
from xml.etree import ElementTree

from api.wechat_crypto import MessageCipher
from api.wechat_signature import wechat_signature
from tests.fakes.local_server import LocalServer

SEND_PATHS = ("/cgi-bin/message/custom/send", "/cgi-bin/message/custom/typing", "/cgi-bin/message/template/send")


def push_query(token: str, timestamp: str | None = None, nonce: str = "n0nce", openid: str = "") -> dict:
    """The query string of a plaintext-mode push: `signature` = SHA1 of the sorted token, timestamp and nonce."""
    timestamp = timestamp or str(int(time.time()))
    return {"timestamp": timestamp, "nonce": nonce, "signature": wechat_signature(token, timestamp, nonce),
            "openid": openid}


def encrypted_push(message_xml: bytes, token: str, cipher: MessageCipher, compatibility: bool = False,
                   timestamp: str | None = None, nonce: str = "n0nce") -> tuple[bytes, dict]:
    """Body and query of a safe-mode push (compatibility mode keeps the plaintext fields beside `Encrypt`)."""
    query = push_query(token, timestamp, nonce)
    encrypted = cipher.encrypt(message_xml)
    if compatibility:
        body = message_xml.replace(b"</xml>", f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode())
    else:
        to_user = ElementTree.fromstring(message_xml).findtext("ToUserName", "")
        body = (f"<xml><ToUserName><![CDATA[{to_user}]]></ToUserName>"
                f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>").encode()
    msg_signature = wechat_signature(token, query["timestamp"], query["nonce"], encrypted)
    return body, {**query, "encrypt_type": "aes", "msg_signature": msg_signature}


@dataclass(frozen=True)
class Sent:
    """One POST as the fake received it."""

    path: str
    token: str
    body: dict

    @property
    def is_message(self) -> bool:
        """A customer service or template message, not a typing indicator."""
        return not self.path.endswith("/typing")


class FakeWeChat(LocalServer):
    """Issues tokens for one app id/secret, refuses stale ones with 40001, records every message."""

    def __init__(self, app_id: str = "wx-test-app", app_secret: str = "wx-test-secret") -> None:
        self.app_id, self.app_secret = app_id, app_secret
        self.sent: list[Sent] = []
        self.token_requests = 0
        self.errcode_next: list[int] = []
        self._tokens = itertools.count(1)
        self.current_token = ""
        self._lock = threading.Condition()
        super().__init__(self._handler())

    @property
    def url(self) -> str:
        """Base URL, as `WECHAT_API_URL` expects."""
        return self.origin

    def revoke_token(self) -> None:
        """Make the issued token invalid, as when another server fetched a new one."""
        with self._lock:
            self.current_token = f"revoked-{self.current_token}"

    def messages(self, touser: str | None = None) -> list[Sent]:
        """Messages sent so far (to one openid)."""
        with self._lock:
            return [s for s in self.sent if s.is_message and (touser is None or s.body.get("touser") == touser)]

    def wait_for(self, touser: str, count: int = 1, timeout: float = 30.0) -> list[Sent]:
        """Block until `count` messages reached `touser`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(found := [s for s in self.sent if s.is_message and s.body.get("touser") == touser]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"only {len(found)} of {count} messages reached {touser}")
                self._lock.wait(left)
            return found

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _answer(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path != "/cgi-bin/token" or query.get("grant_type") != "client_credential":
                    return self._answer({"errcode": 40002, "errmsg": "invalid grant_type"})
                if query.get("appid") != fake.app_id or query.get("secret") != fake.app_secret:
                    return self._answer({"errcode": 40013, "errmsg": "invalid appid"})
                with fake._lock:
                    fake.token_requests += 1
                    fake.current_token = f"ACCESS_TOKEN_{next(fake._tokens)}"
                    token = fake.current_token
                self._answer({"access_token": token, "expires_in": 7200})

            def do_POST(self) -> None:
                url = urlparse(self.path)
                token = parse_qs(url.query).get("access_token", [""])[0]
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if url.path not in SEND_PATHS:
                    return self._answer({"errcode": 40066, "errmsg": "invalid url"})
                if not token or token != fake.current_token:
                    return self._answer({"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"})
                try:
                    body = json.loads(raw.decode("utf-8"))
                except ValueError:
                    return self._answer({"errcode": 47001, "errmsg": "data format error"})
                with fake._lock:
                    if fake.errcode_next:
                        return self._answer({"errcode": fake.errcode_next.pop(0), "errmsg": "refused"})
                    if body.get("msgtype") == "news" and len(body.get("news", {}).get("articles", [])) > 1:
                        return self._answer({"errcode": 45008, "errmsg": "article size out of limit"})
                    fake.sent.append(Sent(url.path, token, body))
                    fake._lock.notify_all()
                self._answer({"errcode": 0, "errmsg": "ok", "msgid": len(fake.sent)})

        return Handler
