"""Core library of the shopping assistant: catalog, product index, orders, configuration."""

__version__ = "0.1.0"
