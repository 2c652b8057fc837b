"""Typed errors every order system raises, whatever the backend."""

from __future__ import annotations


class OrderSystemError(Exception):
    """Base of every order-system failure."""


class OrderSystemUnavailable(OrderSystemError):
    """The backend is down, timing out or throttling beyond our retries; try again later."""


class OrderSystemAuthError(OrderSystemError):
    """The backend refused our credentials (missing, wrong or revoked token)."""


class OrderSystemResponseError(OrderSystemError):
    """The backend answered with something we cannot use (a GraphQL error, bad JSON)."""


class OrderNotFound(OrderSystemError, LookupError):
    """A write was asked for an order that does not exist."""
