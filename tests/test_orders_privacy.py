"""Masking personal data for logs."""

import pytest

from assistant.privacy import mask_email, mask_phone, mask_postcode, redact


@pytest.mark.parametrize(
    "email, masked",
    [("john@example.com", "j***@e***.com"), ("Alice.Martin@example.co.uk", "A***@e***.co.uk"),
     ("not-an-email", "***")],
)
def test_emails_are_masked(email, masked):
    assert mask_email(email) == masked


def test_phone_keeps_prefix_and_last_three_digits():
    assert mask_phone("+447700900789") == "+44*******789"
    assert mask_phone("+1 (555) 000-1111") == "+15******111"
    assert mask_phone("12345") == "*****"


def test_postcode_keeps_two_characters():
    assert mask_postcode("SW1A 1AA") == "SW***"


def test_redact_masks_every_email_and_phone_in_text():
    text = "Customer alice.martin@example.com called from +15550001111 about order 100101"
    out = redact(text)
    assert "alice.martin@example.com" not in out and "5550001111" not in out
    assert "a***@e***.com" in out and "+15******111" in out
    assert "100101" in out
