"""Product catalog: the normalized model and the importers that produce it."""

from assistant.catalog.model import Product, Variant

__all__ = ["Product", "Variant"]
