"""A fake Shopify Admin GraphQL API on 127.0.0.1 serving fixture orders, with injectable faults."""

from __future__ import annotations

import copy
import json
import re
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.fakes.local_server import LocalServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "shopify"
ROOT_FIELDS = ("orderCancel", "returnRequest", "customer", "orders")


class FakeShopify(LocalServer):
    """Serves `orders`, `customer`, `orderCancel` and `returnRequest`; `fail_next` injects faults."""

    def __init__(self, token: str = "shpat_test_token", api_version: str = "2025-01",
                 fixtures: Path = FIXTURES) -> None:
        self.token = token
        self.api_version = api_version
        self.orders = {o["name"]: o for o in _load(fixtures / "orders.json")}
        self.customers = {c["id"]: c for c in _load(fixtures / "customers.json")}
        self.throttled_body = _load(fixtures / "throttled.json")
        self.unauthorized_body = _load(fixtures / "unauthorized.json")
        self.extensions = _load(fixtures / "extensions.json")
        self.calls: list[str] = []
        self.hang_seconds = 2.0
        self._faults: list[tuple[str, str, str | None]] = []
        self._lock = threading.Lock()
        self._released = threading.Event()
        super().__init__(self._handler())

    @property
    def url(self) -> str:
        """Base URL of the shop, e.g. http://127.0.0.1:54321."""
        return self.origin

    def stop(self) -> None:
        """Stop serving and release hanging requests."""
        self._released.set()
        super().stop()

    def fail_next(self, count: int, kind: str, retry_after: str = "1", field: str | None = None) -> None:
        """Answer the next `count` requests with "429", "500", "throttled", "hang" (never answer) or
        "apply_then_hang" (apply the request, answer only after the client has given up);
        with `field`, only requests for that root field (e.g. "orderCancel") are affected."""
        with self._lock:
            self._faults += [(kind, retry_after, field)] * count

    def calls_of(self, root_field: str) -> int:
        """How many requests asked for this root field (faulty ones included)."""
        return self.calls.count(root_field)

    # request handling --------------------------------------------------------------------

    def _next_fault(self, field: str) -> tuple[str, str] | None:
        with self._lock:
            for index, (kind, retry_after, only) in enumerate(self._faults):
                if only in (None, field):
                    del self._faults[index]
                    return kind, retry_after
            return None

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                if self.path != f"/admin/api/{fake.api_version}/graphql.json":
                    return self._send(404, {"errors": "Not Found"})
                if self.headers.get("X-Shopify-Access-Token") != fake.token:
                    return self._send(401, fake.unauthorized_body)
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    request = json.loads(self.rfile.read(length))
                except ValueError:
                    return self._send(400, {"errors": "Bad Request"})
                field = _root_field(request.get("query", ""))
                fake.calls.append(field)
                fault = fake._next_fault(field)
                kind, retry_after = fault or ("", "")
                if kind == "429":
                    return self._send(429, {"errors": "Exceeded the rate limit"}, {"Retry-After": retry_after})
                if kind == "500":
                    return self._send(500, {"errors": "Internal Server Error"})
                if kind == "throttled":
                    return self._send(200, fake.throttled_body)
                if kind == "hang":
                    fake._released.wait(fake.hang_seconds)
                    return None
                body = fake._answer(field, request.get("variables") or {})
                if kind == "apply_then_hang":
                    fake._released.wait(fake.hang_seconds)
                return self._send(200, body)

            def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
                raw = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    def _answer(self, field: str, variables: dict) -> dict:
        with self._lock:
            if field == "orders":
                data = {"orders": {"nodes": self._search(variables.get("query", ""))}}
            elif field == "customer":
                data = {"customer": copy.deepcopy(self.customers.get(variables.get("id")))}
            elif field == "orderCancel":
                data = {"orderCancel": self._cancel(variables)}
            elif field == "returnRequest":
                data = {"returnRequest": self._return(variables.get("input") or {})}
            else:
                return {"errors": [{"message": f"Field '{field}' doesn't exist on type 'QueryRoot'"}]}
        return {"data": data, "extensions": self.extensions}

    def _search(self, query: str) -> list[dict]:
        name = re.fullmatch(r"name:(#?\d+)", query.strip())
        customer = re.fullmatch(r"customer_id:(\d+)", query.strip())
        if name:
            wanted = "#" + name.group(1).lstrip("#")
            found = [o for o in self.orders.values() if o["name"] == wanted]
        elif customer:
            gid = f"gid://shopify/Customer/{customer.group(1)}"
            found = sorted((o for o in self.orders.values() if o["customer"]["id"] == gid),
                           key=lambda o: o["createdAt"], reverse=True)
        else:
            found = []
        return copy.deepcopy(found)

    def _by_id(self, gid: str) -> dict | None:
        return next((o for o in self.orders.values() if o["id"] == gid), None)

    def _cancel(self, variables: dict) -> dict:
        order = self._by_id(variables.get("orderId", ""))
        if order is None:
            return {"job": None, "orderCancelUserErrors": [
                {"field": ["orderId"], "message": "Order does not exist", "code": "NOT_FOUND"}]}
        if order["cancelledAt"]:
            return {"job": None, "orderCancelUserErrors": [
                {"field": ["orderId"], "message": "Order has already been cancelled", "code": "INVALID"}]}
        now = _now()
        order["cancelledAt"] = now
        if variables.get("refund") and order["displayFinancialStatus"] == "PAID":
            order["displayFinancialStatus"] = "REFUNDED"
            total = sum(float(i["originalUnitPriceSet"]["shopMoney"]["amount"]) * i["quantity"]
                        for i in order["lineItems"]["nodes"])
            order["refunds"].append({"id": f"gid://shopify/Refund/{len(self.calls)}9", "createdAt": now,
                                     "note": "Order cancelled",
                                     "totalRefundedSet": {"shopMoney": {"amount": f"{total:.1f}", "currencyCode": "USD"}}})
        return {"job": {"id": f"gid://shopify/Job/{order['id'].rsplit('/', 1)[-1]}", "done": False},
                "orderCancelUserErrors": []}

    def _return(self, data: dict) -> dict:
        order = self._by_id(data.get("orderId", ""))
        if order is None:
            return {"return": None, "userErrors": [{"field": ["input", "orderId"], "message": "Order does not exist", "code": "NOT_FOUND"}]}
        items = {i["id"]: i for f in order["fulfillments"] for i in f["fulfillmentLineItems"]["nodes"]}
        lines = []
        for entry in data.get("returnLineItems") or []:
            item = items.get(entry.get("fulfillmentLineItemId"))
            if item is None or not entry.get("returnReason"):
                return {"return": None, "userErrors": [
                    {"field": ["input", "returnLineItems"], "message": "Invalid line item", "code": "INVALID"}]}
            lines.append({"quantity": entry["quantity"], "fulfillmentLineItem": {"lineItem": {"sku": item["lineItem"]["sku"]}}})
        number = len(order["returns"]["nodes"]) + 1
        created = {"id": f"gid://shopify/Return/{order['id'].rsplit('/', 1)[-1]}{number}",
                   "name": f"{order['name']}-R{number}", "status": "REQUESTED",
                   "returnLineItems": {"nodes": lines}}
        order["returns"]["nodes"].append(created)
        order["returnStatus"] = "RETURN_REQUESTED"
        return {"return": {k: created[k] for k in ("id", "name", "status")}, "userErrors": []}


def _root_field(document: str) -> str:
    """The first root field of the operation (fragments are skipped)."""
    operation = re.search(r"\b(query|mutation)\b[^{]*\{\s*(\w+)", document)
    return operation.group(2) if operation else ""


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


