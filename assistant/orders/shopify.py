"""`OrderSystem` backed by the Shopify Admin GraphQL API."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Protocol

from assistant.orders.errors import OrderNotFound, OrderSystemResponseError
from assistant.orders.model import (
    Customer,
    DeliveryOption,
    Order,
    Refund,
    ReturnPolicy,
    Shipment,
    normalize_order_number,
)
from assistant.orders.policy import cancel_refusal, open_return_for, return_refusal
from assistant.orders.shopify_client import (
    MutationOutcomeUnknown,
    ShopifyGraphQLClient,
    ShopifySettings,
)
from assistant.orders.shopify_mapping import (
    customer_from_node,
    fulfillment_line_items,
    order_from_node,
    order_number_of,
    refunds_from_node,
    return_from_node,
    return_reason_code,
    returns_from_node,
    shipments_from_node,
)
from assistant.orders.store_policies import StorePolicies
from assistant.orders.system import (
    CancelOutcome,
    CancelResult,
    ReturnOutcome,
    ReturnResult,
)

log = logging.getLogger(__name__)

ORDER_FIELDS = """
fragment OrderFields on Order {
  id
  name
  email
  createdAt
  updatedAt
  cancelledAt
  currencyCode
  displayFinancialStatus
  displayFulfillmentStatus
  returnStatus
  customer { id }
  shippingAddress { zip countryCodeV2 }
  lineItems(first: 50) {
    nodes { id sku title quantity originalUnitPriceSet { shopMoney { amount currencyCode } } }
  }
  fulfillments(first: 20) {
    id
    status
    displayStatus
    createdAt
    updatedAt
    inTransitAt
    deliveredAt
    estimatedDeliveryAt
    trackingInfo(first: 5) { company number url }
    fulfillmentLineItems(first: 50) { nodes { id quantity lineItem { sku } } }
  }
  refunds(first: 20) { id createdAt note totalRefundedSet { shopMoney { amount currencyCode } } }
  returns(first: 20) {
    nodes {
      id
      name
      status
      returnLineItems(first: 50) {
        nodes { ... on ReturnLineItem { quantity fulfillmentLineItem { lineItem { sku } } } }
      }
    }
  }
}
"""

ORDER_BY_NAME = ORDER_FIELDS + """
query OrderByName($query: String!) {
  orders(first: 1, query: $query) { nodes { ...OrderFields } }
}
"""

ORDERS_OF_CUSTOMER = ORDER_FIELDS + """
query OrdersOfCustomer($query: String!) {
  orders(first: 20, sortKey: CREATED_AT, reverse: true, query: $query) { nodes { ...OrderFields } }
}
"""

CUSTOMER_BY_ID = """
query CustomerById($id: ID!) {
  customer(id: $id) { id displayName email phone defaultAddress { countryCodeV2 } }
}
"""

ORDER_CANCEL = """
mutation OrderCancel($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!,
                     $notifyCustomer: Boolean, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock,
              notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}
"""

RETURN_REQUEST = """
mutation ReturnRequest($input: ReturnRequestInput!) {
  returnRequest(input: $input) {
    return { id name status }
    userErrors { field message code }
  }
}
"""


class IdentityLinkStore(Protocol):
    """Where chat-identity links live when the platform cannot store them (the local SQL store)."""

    def linked_customer_id(self, channel: str, channel_user_id: str) -> str | None:
        """Customer id linked to a chat identity."""
        ...

    def link_identity(self, channel: str, channel_user_id: str, customer_id: str) -> None:
        """Link a chat identity to a customer id."""
        ...


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class ShopifyOrderSystem:
    """Orders read from and changed on a Shopify store; policies and identity links stay local."""

    def __init__(
        self,
        client: ShopifyGraphQLClient | ShopifySettings,
        links: IdentityLinkStore,
        policies: StorePolicies | None = None,
        clock: Callable[[], datetime] = _utc_now,
        remembered_keys: int = 1000,
    ) -> None:
        self._client = ShopifyGraphQLClient(client) if isinstance(client, ShopifySettings) else client
        self._links = links
        self._policies = policies or StorePolicies.load()
        self._clock = clock
        self._results: OrderedDict[str, object] = OrderedDict()
        self._remembered_keys = remembered_keys

    # reads -------------------------------------------------------------------------------

    def find_order(self, order_number: str) -> Order | None:
        """The order with this number, or None."""
        node = self._order_node(order_number)
        return order_from_node(node) if node else None

    def orders_for_customer(self, customer_id: str) -> list[Order]:
        """The customer's orders, newest first."""
        if not customer_id.isdigit():
            return []
        data = self._client.query(ORDERS_OF_CUSTOMER, {"query": f"customer_id:{customer_id}"})
        return [order_from_node(node) for node in data["orders"]["nodes"]]

    def shipments(self, order_number: str) -> list[Shipment]:
        """Parcels of the order, oldest first."""
        node = self._order_node(order_number)
        return shipments_from_node(node) if node else []

    def refund_status(self, order_number: str) -> list[Refund]:
        """Refunds issued on the order, oldest first."""
        node = self._order_node(order_number)
        return refunds_from_node(node) if node else []

    def delivery_options(self, country: str) -> list[DeliveryOption]:
        """Ways to ship to an ISO country code (from local store policies), cheapest first."""
        return self._policies.delivery_options(country)

    def return_policy(self) -> ReturnPolicy:
        """The store's return rules (from local store policies)."""
        return self._policies.return_policy

    def customer_for_identity(self, channel: str, channel_user_id: str) -> Customer | None:
        """The Shopify customer linked to this chat identity, if any."""
        customer_id = self._links.linked_customer_id(channel, channel_user_id)
        if not customer_id:
            return None
        data = self._client.query(CUSTOMER_BY_ID, {"id": f"gid://shopify/Customer/{customer_id}"})
        node = data.get("customer")
        return customer_from_node(node) if node else None

    def link_identity(self, channel: str, channel_user_id: str, customer_id: str) -> None:
        """Link a chat identity to a Shopify customer id (stored locally)."""
        self._links.link_identity(channel, channel_user_id, customer_id)

    # writes ------------------------------------------------------------------------------

    def cancel_order(self, order_number: str, idempotency_key: str) -> CancelResult:
        """Cancel via `orderCancel` when the state allows; checks the order again before any retry."""
        if idempotency_key in self._results:
            return CancelResult(CancelOutcome.ALREADY_CANCELLED)
        node = self._require(order_number)
        refusal = cancel_refusal(order_from_node(node).state)
        if refusal is not None:
            return refusal
        variables = {"orderId": node["id"], "reason": "CUSTOMER", "refund": True, "restock": True,
                     "notifyCustomer": True, "staffNote": "Cancelled by the shopper via the shopping assistant"}
        try:
            payload = self._client.mutate(ORDER_CANCEL, variables)
        except MutationOutcomeUnknown:
            log.warning("orderCancel outcome unknown; checking the order before retrying")
            if self._require(order_number).get("cancelledAt"):
                return self._remember(idempotency_key, CancelResult(CancelOutcome.CANCELLED))
            payload = self._client.mutate(ORDER_CANCEL, variables)
        errors = payload["orderCancel"].get("orderCancelUserErrors") or []
        if errors:
            reason = (errors[0].get("code") or "rejected").lower()
            return CancelResult(CancelOutcome.NOT_ALLOWED, reason=reason)
        return self._remember(idempotency_key, CancelResult(CancelOutcome.CANCELLED))

    def request_return(
        self, order_number: str, sku_list: list[str], reason: str, idempotency_key: str
    ) -> ReturnResult:
        """Request a return via `returnRequest` for delivered items inside the window; never twice."""
        skus = list(dict.fromkeys(sku_list))
        node = self._require(order_number)
        existing = open_return_for(returns_from_node(node), skus)
        if existing:
            return ReturnResult(ReturnOutcome.ALREADY_REQUESTED, request=existing)
        refusal = return_refusal(order_from_node(node), shipments_from_node(node), skus,
                                 self._policies.return_policy, self._clock())
        if refusal is not None:
            return refusal
        items = fulfillment_line_items(node)
        if any(sku not in items for sku in skus):
            return ReturnResult(ReturnOutcome.NOT_RETURNABLE, reason="not_delivered")
        variables = {"input": {
            "orderId": node["id"],
            "returnLineItems": [
                {"fulfillmentLineItemId": items[sku][0], "quantity": items[sku][1],
                 "returnReason": return_reason_code(reason), "customerNote": reason[:300]}
                for sku in skus
            ],
        }}
        try:
            payload = self._client.mutate(RETURN_REQUEST, variables)
        except MutationOutcomeUnknown:
            log.warning("returnRequest outcome unknown; checking the order before retrying")
            existing = open_return_for(returns_from_node(self._require(order_number)), skus)
            if existing:
                return ReturnResult(ReturnOutcome.CREATED, request=existing)
            payload = self._client.mutate(RETURN_REQUEST, variables)
        result = payload["returnRequest"]
        if result.get("userErrors"):
            reason_code = (result["userErrors"][0].get("code") or "rejected").lower()
            return ReturnResult(ReturnOutcome.NOT_RETURNABLE, reason=reason_code)
        if not result.get("return"):
            raise OrderSystemResponseError("returnRequest answered without a return")
        request = return_from_node(result["return"], order_number_of(node["name"]), tuple(skus),
                                   reason=reason, created_at=self._clock())
        return ReturnResult(ReturnOutcome.CREATED, request=request)

    # internals ---------------------------------------------------------------------------

    def _order_node(self, order_number: str) -> dict | None:
        number = normalize_order_number(order_number)
        if number is None:
            return None
        data = self._client.query(ORDER_BY_NAME, {"query": f"name:#{number}"})
        for node in data["orders"]["nodes"]:
            if order_number_of(node.get("name", "")) == number:
                return node
        return None

    def _require(self, order_number: str) -> dict:
        node = self._order_node(order_number)
        if node is None:
            raise OrderNotFound(order_number)
        return node

    def _remember(self, key: str, result: CancelResult) -> CancelResult:
        self._results[key] = result
        while len(self._results) > self._remembered_keys:
            self._results.popitem(last=False)
        return result
