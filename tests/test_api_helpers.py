"""Signature checks, text limits, log masking and the rate limit: pure functions, no servers."""

from __future__ import annotations

import logging

import pytest

from api.config import BridgeSettings
from api.masking import MaskingFilter, mask_id, mask_phone, mask_text
from api.rate_limit import SlidingWindowLimiter
from api.signature import SignatureCheck, check_signature, sign
from api.text_limits import clip, split_text

BODY = b'{"object":"page","entry":[]}'


def test_signature_made_with_the_app_secret_is_valid():
    assert check_signature(BODY, sign(BODY, "s3cret"), "s3cret") is SignatureCheck.VALID


def test_forged_signature_is_refused():
    assert check_signature(BODY, sign(BODY, "other"), "s3cret") is SignatureCheck.MISMATCH


def test_signature_of_a_changed_body_is_refused():
    assert check_signature(BODY + b" ", sign(BODY, "s3cret"), "s3cret") is SignatureCheck.MISMATCH


@pytest.mark.parametrize("header", [None, "", "sha1=abc", "abcdef"])
def test_missing_or_foreign_signature_header_counts_as_missing(header):
    assert check_signature(BODY, header, "s3cret") is SignatureCheck.MISSING


def test_long_text_is_split_at_sentence_ends_within_the_limit():
    text = " ".join(f"Sentence number {n} is here." for n in range(100))
    chunks = split_text(text, 200)
    assert all(len(c) <= 200 for c in chunks)
    assert all(c.endswith(".") for c in chunks)
    assert " ".join(chunks) == text


def test_a_single_giant_word_is_still_split():
    chunks = split_text("x" * 450, 200)
    assert [len(c) for c in chunks] == [200, 200, 50]


def test_short_text_is_one_chunk_and_empty_text_none():
    assert split_text("Hello.", 10) == ["Hello."] and split_text("  ", 10) == []


def test_clip_keeps_short_text_and_marks_cut_text():
    assert clip("Shoes", 20) == "Shoes"
    assert clip("Ultraboost running shoes", 20) == "Ultraboost running…" and len(clip("a" * 50, 20)) == 20


def test_phone_numbers_emails_and_tokens_are_masked_in_text():
    masked = mask_text("from 16505551234 (+44 7700 900123) jane.doe@example.com access_token=EAAG123 Bearer abc.def")
    for secret in ("16505551234", "7700 900123", "jane.doe", "EAAG123", "abc.def"):
        assert secret not in masked
    assert "1234" in masked and "@example.com" in masked


def test_addresses_and_small_numbers_are_not_mistaken_for_phones():
    assert mask_text("Rasa at http://127.0.0.1:5005 answered 3 replies in 120 ms") == \
        "Rasa at http://127.0.0.1:5005 answered 3 replies in 120 ms"


def test_ids_in_logs_keep_only_a_tail():
    assert mask_phone("16505551234") == "*******1234"
    assert mask_id("16505551234") == "*******1234"
    assert mask_id("US.13491208655302741918") == "…741918"


def test_masking_filter_rewrites_the_logged_message(caplog):
    logger = logging.getLogger("test.masking")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="test.masking"):
        logger.info("reply to %s failed", "16505551234")
    logger.filters.clear()
    assert "16505551234" not in caplog.text and "1234" in caplog.text


def test_rate_limit_allows_n_per_window_per_sender():
    now = [0.0]
    limiter = SlidingWindowLimiter(3, 60, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
    now[0] = 61.0
    assert limiter.allow("a")


def test_settings_read_every_bridge_variable_and_hide_secrets():
    env = {"WHATSAPP_VERIFY_TOKEN": "v", "WHATSAPP_APP_SECRET": "wa-secret", "WHATSAPP_ACCESS_TOKEN": "wa-token",
           "WHATSAPP_PHONE_NUMBER_ID": "106540352242922", "MESSENGER_VERIFY_TOKEN": "mv",
           "MESSENGER_APP_SECRET": "fb-secret", "MESSENGER_PAGE_ACCESS_TOKEN": "fb-token",
           "GRAPH_API_URL": "http://127.0.0.1:9/v21.0/", "RASA_URL": "http://rasa:5005/",
           "BRIDGE_INBOX_URL": "postgresql+psycopg://u:pw@db/x", "BRIDGE_AGENT_TOKEN": "agent-token",
           "BRIDGE_RATE_LIMIT_PER_MINUTE": "7", "BRIDGE_WORKERS": "2"}
    settings = BridgeSettings.from_env(env)
    assert settings.whatsapp.enabled and settings.messenger.enabled
    assert settings.graph_api_url == "http://127.0.0.1:9/v21.0" and settings.rasa_url == "http://rasa:5005"
    assert (settings.rate_limit_per_minute, settings.workers) == (7, 2)
    shown = repr(settings) + str(settings.safe_summary())
    for secret in ("wa-secret", "wa-token", "fb-secret", "fb-token", "agent-token", "pw@db"):
        assert secret not in shown


def test_channels_without_tokens_are_disabled():
    settings = BridgeSettings.from_env({})
    assert not settings.whatsapp.enabled and not settings.messenger.enabled and settings.inbox_url.startswith("sqlite")
