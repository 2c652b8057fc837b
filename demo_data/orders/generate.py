"""Regenerate customers.json and orders.json from the demo catalog (deterministic; run by hand).

Usage: python demo_data/orders/generate.py PATH/TO/luma_shopify.derived.csv
Times are stored as offsets in days relative to the moment the store is seeded.
"""

from __future__ import annotations

import csv
import html
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CUSTOMERS = [
    ("cus_alice", "Alice Martin", "alice.martin@example.com", "+15550001111", "US", "94107",
     [["web", "demo-alice"], ["whatsapp", "15550001111"]]),
    ("cus_bob", "Bob Chen", "bob.chen@example.com", "+447700900123", "GB", "SW1A 1AA",
     [["messenger", "demo-bob-psid"]]),
    ("cus_carla", "Carla Rossi", "carla.rossi@example.com", "+4915550002222", "DE", "10115", []),
    ("cus_dev", "Dev Patel", "dev.patel@example.com", "+14165550333", "CA", "M5V 2T6",
     [["whatsapp", "14165550333"]]),
    ("cus_emma", "Emma Johnson", "emma.johnson@example.com", "+12125550444", "US", "10001", []),
    ("cus_farid", "Farid Haddad", "farid.haddad@example.com", "+447700900555", "GB", "EC1A 1BB", []),
    ("cus_grace", "Grace Kim", "grace.kim@example.com", "+12065550666", "US", "98101",
     [["wechat", "demo-grace"]]),
    ("cus_hugo", "Hugo Schmidt", "hugo.schmidt@example.com", "+4915550007777", "DE", "80331", []),
    ("cus_ines", "Ines Costa", "ines.costa@example.com", "+351215550888", "PT", "1100-148", []),
    ("cus_jamal", "Jamal Brown", "jamal.brown@example.com", "+13125550999", "US", "60601",
     [["web", "demo-jamal"]]),
    ("cus_kenji", "Kenji Sato", "kenji.sato@example.com", "+447700900111", "GB", "M1 1AE", []),
    ("cus_lena", "Lena Novak", "lena.novak@example.com", "+16045550222", "CA", "V6B 1A1", []),
]

# (customer, state, scenario) — scenario tweaks the timeline; one row per order.
PLAN = [
    ("cus_alice", "delivered", "recent"), ("cus_alice", "shipped", "in_transit"),
    ("cus_alice", "paid", ""), ("cus_alice", "delivered", "old"),
    ("cus_bob", "pending", ""), ("cus_bob", "delivered", "recent"), ("cus_bob", "refunded", ""),
    ("cus_bob", "partially_shipped", "in_transit"),
    ("cus_carla", "packed", ""), ("cus_carla", "delivered", "final_sale"), ("cus_carla", "cancelled", ""),
    ("cus_dev", "shipped", "out_for_delivery"), ("cus_dev", "returned", ""), ("cus_dev", "paid", ""),
    ("cus_emma", "delivered", "return_open"), ("cus_emma", "pending", ""), ("cus_emma", "shipped", "late"),
    ("cus_farid", "partially_shipped", "part_delivered"), ("cus_farid", "delivered", "edge"),
    ("cus_farid", "refunded", "pending_refund"),
    ("cus_grace", "paid", ""), ("cus_grace", "delivered", "recent"), ("cus_grace", "cancelled", "refunded"),
    ("cus_hugo", "packed", ""), ("cus_hugo", "shipped", "in_transit"), ("cus_hugo", "delivered", "old"),
    ("cus_ines", "pending", ""), ("cus_ines", "delivered", "recent"), ("cus_ines", "returned", ""),
    ("cus_jamal", "shipped", "in_transit"), ("cus_jamal", "delivered", "recent"), ("cus_jamal", "paid", ""),
    ("cus_jamal", "partially_shipped", "in_transit"),
    ("cus_kenji", "packed", ""), ("cus_kenji", "delivered", "old"), ("cus_kenji", "cancelled", ""),
    ("cus_lena", "pending", ""), ("cus_lena", "shipped", "in_transit"), ("cus_lena", "refunded", ""),
    ("cus_lena", "delivered", "recent"), ("cus_lena", "paid", ""),
]

CARRIERS = {"US": ["UPS", "USPS", "FedEx"], "CA": ["UPS", "FedEx", "DHL"]}
DEFAULT_CARRIERS = ["DHL", "UPS", "FedEx"]


def load_catalog(path: Path) -> list[dict]:
    """Products with their variants: handle, title, [(sku, price)]."""
    products: dict[str, dict] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            product = products.setdefault(row["Handle"], {"handle": row["Handle"], "variants": []})
            if row["Title"]:
                product["title"] = html.unescape(row["Title"])
            if row["Variant SKU"]:
                product["variants"].append((row["Variant SKU"], f"{float(row['Variant Price']):.2f}"))
    return [p for p in products.values() if p.get("title") and p["variants"]]


def tracking_number(carrier: str, rng: random.Random) -> str:
    """A made-up tracking number in the carrier's usual shape."""
    if carrier == "UPS":
        return "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(16))
    if carrier == "USPS":
        return "9400" + "".join(rng.choice("0123456789") for _ in range(18))
    if carrier == "FedEx":
        return "".join(rng.choice("0123456789") for _ in range(12))
    return "".join(rng.choice("0123456789") for _ in range(10))


def shipment(order_lines, country, rng, status, shipped, expected, delivered=None):
    """One parcel dict with day offsets."""
    carrier = rng.choice(CARRIERS.get(country, DEFAULT_CARRIERS))
    parcel = {
        "carrier": carrier,
        "tracking_number": tracking_number(carrier, rng),
        "status": status,
        "skus": [line["sku"] for line in order_lines],
        "shipped_days_ago": shipped,
        "expected_in_days": expected,
    }
    if delivered is not None:
        parcel["delivered_days_ago"] = delivered
    return parcel


def build_order(number: int, customer: tuple, state: str, scenario: str, catalog, rng) -> dict:
    """One order dict following the plan row."""
    customer_id, _, email, _, country, postcode, _ = customer
    count = 2 if state == "partially_shipped" else rng.choice([1, 1, 2, 3])
    lines = []
    for product in rng.sample(catalog, count):
        sku, price = rng.choice(product["variants"])
        lines.append({"handle": product["handle"], "title": product["title"], "sku": sku,
                      "quantity": rng.choice([1, 1, 1, 2]), "unit_price": price})
    order = {"order_number": str(number), "customer_id": customer_id, "state": state,
             "email": email, "shipping_postcode": postcode, "shipping_country": country,
             "currency": "USD", "lines": lines, "shipments": [], "refunds": [], "returns": []}
    total = sum(float(line["unit_price"]) * line["quantity"] for line in lines)
    placed = {"pending": 0, "paid": 1, "packed": 2}.get(state, 6)
    if state == "shipped":
        placed = 9 if scenario == "late" else 4
        status = "out_for_delivery" if scenario == "out_for_delivery" else "in_transit"
        expected = -2 if scenario == "late" else (0 if status == "out_for_delivery" else 3)
        order["shipments"].append(shipment(lines, country, rng, status, placed - 1, expected))
    elif state == "partially_shipped":
        placed = 6
        first = lines[:1]  # the rest waits for stock
        if scenario == "part_delivered":
            order["shipments"].append(shipment(first, country, rng, "delivered", 5, -2, delivered=2))
        else:
            order["shipments"].append(shipment(first, country, rng, "in_transit", 2, 2))
    elif state in ("delivered", "returned", "refunded"):
        delivered = {"recent": 4, "old": 45, "edge": 29, "final_sale": 6, "return_open": 10}.get(scenario, 20)
        placed = delivered + 6
        order["shipments"].append(shipment(lines, country, rng, "delivered", delivered + 4, -delivered, delivered))
        if scenario == "final_sale":
            lines[0]["returnable"] = False
        if scenario == "return_open":
            order["returns"].append({"return_id": f"rt_{number}", "skus": [lines[0]["sku"]],
                                     "reason": "size_too_small", "status": "requested",
                                     "created_days_ago": 2})
        if state in ("returned", "refunded"):
            order["returns"].append({"return_id": f"rt_{number}", "skus": [l["sku"] for l in lines],
                                     "reason": "changed_mind", "status": "received",
                                     "created_days_ago": delivered - 3})
        if state == "refunded":
            refund_state = "pending" if scenario == "pending_refund" else "processed"
            order["refunds"].append({"refund_id": f"rf_{number}", "amount": f"{total:.2f}",
                                     "status": refund_state, "reason": "return",
                                     "created_days_ago": max(delivered - 8, 1)})
    elif state == "cancelled":
        placed = 12
        if scenario == "refunded":
            order["refunds"].append({"refund_id": f"rf_{number}", "amount": f"{total:.2f}",
                                     "status": "processed", "reason": "cancellation",
                                     "created_days_ago": 11})
    order["placed_days_ago"] = placed
    return order


def main(catalog_path: str) -> None:
    """Write customers.json and orders.json next to this script."""
    rng = random.Random(20240601)
    catalog = load_catalog(Path(catalog_path))
    by_id = {c[0]: c for c in CUSTOMERS}
    customers = [
        {"customer_id": c[0], "name": c[1], "email": c[2], "phone": c[3], "country": c[4],
         "postcode": c[5], "identities": c[6]}
        for c in CUSTOMERS
    ]
    orders = [build_order(100101 + i, by_id[cid], state, scenario, catalog, rng)
              for i, (cid, state, scenario) in enumerate(PLAN)]
    (HERE / "customers.json").write_text(json.dumps(customers, indent=2) + "\n", encoding="utf-8")
    (HERE / "orders.json").write_text(json.dumps(orders, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
