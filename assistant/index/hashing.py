"""Identity and change detection for indexed products: vector ids, JSON, content and embedded-text hashes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass

from assistant.catalog.model import Product

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def product_key(product_id: str) -> int:
    """Stable 63-bit vector id for a catalog product id."""
    digest = hashlib.blake2b(product_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFF_FFFF_FFFF_FFFF


def text_hash(product: Product) -> str:
    """Hash of the text a product is embedded from: unchanged text, reusable vector."""
    return hashlib.blake2b(product.search_text().encode(), digest_size=16).hexdigest()


def _plain(value: object) -> object:
    """What JSON cannot encode by itself: a dataclass as its fields, anything else as text (as `to_dict`)."""
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        if not is_dataclass(value):
            return str(value)
        names = _FIELD_NAMES.setdefault(type(value), tuple(f.name for f in fields(value)))
    return {name: getattr(value, name) for name in names}


_JSON = json.JSONEncoder(default=_plain, ensure_ascii=False, check_circular=False)
_SORTED_JSON = json.JSONEncoder(default=_plain, ensure_ascii=False, check_circular=False, sort_keys=True)


def product_json(product: Product) -> str:
    """`json.dumps(product.to_dict(), ensure_ascii=False)`, encoded in one pass (several times faster)."""
    return _JSON.encode(product)


def product_hash(product: Product) -> str:
    """`product.content_hash()`, encoded in one pass: an update hashes every product of the new catalog."""
    return hashlib.blake2b(_SORTED_JSON.encode(product).encode(), digest_size=16).hexdigest()
