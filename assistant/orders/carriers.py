"""Carrier names and their public tracking pages."""

from __future__ import annotations

from urllib.parse import quote

TRACKING_URLS = {
    "UPS": "https://www.ups.com/track?tracknum={number}",
    "DHL": "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={number}",
    "USPS": "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}",
    "FEDEX": "https://www.fedex.com/fedextrack/?trknbr={number}",
}


def tracking_url(carrier: str, tracking_number: str) -> str | None:
    """The carrier's tracking page for a parcel, or None for an unknown carrier."""
    template = TRACKING_URLS.get(carrier.strip().upper())
    return template.format(number=quote(tracking_number.strip(), safe="")) if template else None
