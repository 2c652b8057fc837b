"""Order systems: the `OrderSystem` protocol, the SQL store, the Shopify adapter and identity checks."""

from assistant.orders.errors import (
    OrderNotFound,
    OrderSystemAuthError,
    OrderSystemError,
    OrderSystemResponseError,
    OrderSystemUnavailable,
)
from assistant.orders.factory import OrderServices, open_order_services, open_order_system
from assistant.orders.identity import AttemptLimits, OwnershipVerifier, Verification
from assistant.orders.model import (
    Customer,
    DeliveryOption,
    Order,
    OrderChange,
    OrderLine,
    OrderState,
    Refund,
    ReturnPolicy,
    ReturnRequest,
    Shipment,
    ShipmentStatus,
    normalize_order_number,
)
from assistant.orders.shopify_client import ShopifySettings
from assistant.orders.system import (
    CancelOutcome,
    CancelResult,
    OrderSystem,
    ReturnOutcome,
    ReturnResult,
)

__all__ = [
    "AttemptLimits", "CancelOutcome", "CancelResult", "Customer", "DeliveryOption", "Order",
    "OrderChange", "OrderLine", "OrderNotFound", "OrderServices", "OrderState", "OrderSystem",
    "OrderSystemAuthError", "OrderSystemError", "OrderSystemResponseError", "OrderSystemUnavailable",
    "OwnershipVerifier", "Refund", "ReturnOutcome", "ReturnPolicy", "ReturnRequest", "ReturnResult",
    "Shipment", "ShipmentStatus", "ShopifySettings", "Verification", "normalize_order_number",
    "open_order_services", "open_order_system",
]
