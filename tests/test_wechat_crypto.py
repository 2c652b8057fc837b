"""WeChat safe mode's cipher: a known answer built outside this code, round trips, and every refusal."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from api.config import BridgeSettings, WeChatSettings
from api.wechat_crypto import (AppIdMismatch, DecryptionFailed, InvalidEncodingAesKey, MessageCipher,
                               decode_encoding_aes_key, pkcs7_pad, pkcs7_unpad, seal_reply)
from api.wechat_signature import wechat_signature

VECTOR = json.loads((Path(__file__).parent / "fixtures" / "wechat" / "safe_mode_vector.json").read_text())
KEY, APP_ID = VECTOR["encoding_aes_key"], VECTOR["app_id"]


@pytest.fixture
def cipher() -> MessageCipher:
    return MessageCipher.from_encoding_aes_key(KEY, APP_ID)


def raw_encrypt(cipher: MessageCipher, plain: bytes) -> str:
    """AES-CBC of already laid-out plaintext, to build ciphertexts the real encrypt never makes."""
    encryptor = Cipher(algorithms.AES(cipher.key), modes.CBC(cipher.key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


# known answer ------------------------------------------------------------------------------

def test_aes_key_is_base64_of_the_encoding_key_plus_equals_sign():
    key = decode_encoding_aes_key(KEY)
    assert len(key) == 32 and key.hex() == VECTOR["aes_key_hex"]


def test_encryption_matches_the_known_answer(cipher):
    encrypted = cipher.encrypt(VECTOR["message"].encode(), VECTOR["random_prefix"].encode())
    assert encrypted == VECTOR["encrypt"]
    assert len(base64.b64decode(encrypted)) == VECTOR["plaintext_bytes"] + VECTOR["padding_bytes"]


def test_msg_signature_matches_the_known_answer():
    assert wechat_signature(VECTOR["token"], VECTOR["timestamp"], VECTOR["nonce"], VECTOR["encrypt"]) \
        == VECTOR["msg_signature"]


def test_known_answer_decrypts_to_the_message(cipher):
    assert cipher.decrypt(VECTOR["encrypt"]) == VECTOR["message"].encode()


def test_plaintext_layout_is_random_length_message_app_id(cipher):
    decryptor = Cipher(algorithms.AES(cipher.key), modes.CBC(cipher.key[:16])).decryptor()
    plain = pkcs7_unpad(decryptor.update(base64.b64decode(VECTOR["encrypt"])) + decryptor.finalize())
    message = VECTOR["message"].encode()
    assert plain[:16] == VECTOR["random_prefix"].encode()
    assert int.from_bytes(plain[16:20], "big") == len(message)
    assert plain[20:20 + len(message)] == message and plain[20 + len(message):] == APP_ID.encode()


# round trips -------------------------------------------------------------------------------

@pytest.mark.parametrize("message", ["<xml><Content><![CDATA[你好，鞋子有货吗？]]></Content></xml>".encode(), b"",
                                     b"x" * 12, b"y" * 4096])
def test_round_trip(cipher, message):
    encrypted = cipher.encrypt(message)
    assert cipher.decrypt(encrypted) == message
    assert len(base64.b64decode(encrypted)) % 32 == 0


def test_each_encryption_uses_fresh_random_bytes(cipher):
    first, second = cipher.encrypt(b"<xml/>"), cipher.encrypt(b"<xml/>")
    assert first != second and cipher.decrypt(first) == cipher.decrypt(second) == b"<xml/>"


@pytest.mark.parametrize("length, added", [(0, 32), (1, 31), (31, 1), (32, 32), (33, 31)])
def test_pkcs7_pads_to_32_bytes_with_its_own_length(length, added):
    padded = pkcs7_pad(b"a" * length)
    assert len(padded) == length + added and padded[-added:] == bytes([added]) * added
    assert pkcs7_unpad(padded) == b"a" * length


@pytest.mark.parametrize("padded", [b"", b"a" * 31 + b"\x00", b"a" * 31 + b"\x21", b"a" * 30 + b"\x01\x02"])
def test_bad_padding_is_refused(padded):
    with pytest.raises(DecryptionFailed):
        pkcs7_unpad(padded)


# refusals ----------------------------------------------------------------------------------

def test_another_app_id_is_refused(cipher):
    other = MessageCipher.from_encoding_aes_key(KEY, "wx0000000000000000")
    with pytest.raises(AppIdMismatch):
        cipher.decrypt(other.encrypt(b"<xml/>"))


def test_another_key_does_not_decrypt(cipher):
    other = MessageCipher.from_encoding_aes_key("B" * 43, APP_ID)
    with pytest.raises(DecryptionFailed):
        cipher.decrypt(other.encrypt(VECTOR["message"].encode(), VECTOR["random_prefix"].encode()))


def tampered(encrypted: str, position: int) -> str:
    """The ciphertext with one bit flipped (CBC: flips the same bit of the next block's plaintext)."""
    data = bytearray(base64.b64decode(encrypted))
    data[position] ^= 0x01
    return base64.b64encode(bytes(data)).decode()


@pytest.mark.parametrize("encrypted", ["", "not base64!", base64.b64encode(b"0" * 15).decode(),
                                       VECTOR["encrypt"][:-24] + "AAAAAAAAAAAAAAAAAAAAAA==", VECTOR["encrypt"] + "\n",
                                       tampered(VECTOR["encrypt"], -17), tampered(VECTOR["encrypt"], -20)])
def test_malformed_ciphertext_is_refused(cipher, encrypted):
    with pytest.raises(DecryptionFailed):
        cipher.decrypt(encrypted)


@pytest.mark.parametrize("plain", [pkcs7_pad(b"r" * 10), pkcs7_pad(b"r" * 16 + (9999).to_bytes(4, "big") + b"<xml/>")])
def test_header_or_length_beyond_the_plaintext_is_refused(cipher, plain):
    with pytest.raises(DecryptionFailed):
        cipher.decrypt(raw_encrypt(cipher, plain))


@pytest.mark.parametrize("key", ["", "a" * 42, "a" * 44, "a" * 42 + "-", "a" * 42 + "="])
def test_wrong_encoding_key_is_refused_with_the_fix(key):
    with pytest.raises(InvalidEncodingAesKey, match="WECHAT_ENCODING_AES_KEY must be the 43-character"):
        decode_encoding_aes_key(key)


def test_wrong_encoding_key_stops_the_bridge_at_start_up():
    with pytest.raises(ValueError, match="WECHAT_ENCODING_AES_KEY"):
        BridgeSettings.from_env({"WECHAT_TOKEN": "t", "WECHAT_APP_ID": APP_ID, "WECHAT_APP_SECRET": "s",
                                 "WECHAT_ENCODING_AES_KEY": "too-short"})


def test_safe_mode_is_on_with_a_valid_key_and_the_key_never_prints():
    settings = BridgeSettings.from_env({"WECHAT_TOKEN": "t", "WECHAT_APP_ID": APP_ID, "WECHAT_APP_SECRET": "s",
                                        "WECHAT_ENCODING_AES_KEY": f" {KEY} "})
    assert settings.wechat.safe_mode and settings.safe_summary()["wechat_safe_mode"] is True
    assert KEY not in repr(settings) + str(settings.safe_summary())
    assert KEY not in repr(MessageCipher.from_encoding_aes_key(KEY, APP_ID))
    assert not WeChatSettings(token="t", app_id=APP_ID, app_secret="s").safe_mode


# passive reply envelope --------------------------------------------------------------------

def test_passive_reply_is_sealed_in_the_documented_envelope(cipher):
    sealed = seal_reply(cipher, VECTOR["token"], VECTOR["message"].encode(), VECTOR["timestamp"], VECTOR["nonce"],
                        VECTOR["random_prefix"].encode())
    root = ElementTree.fromstring(sealed)
    assert [child.tag for child in root] == ["Encrypt", "MsgSignature", "TimeStamp", "Nonce"]
    assert root.findtext("Encrypt") == VECTOR["encrypt"] and root.findtext("MsgSignature") == VECTOR["msg_signature"]
    assert (root.findtext("TimeStamp"), root.findtext("Nonce")) == (VECTOR["timestamp"], VECTOR["nonce"])
    assert b"<![CDATA[" + VECTOR["encrypt"].encode() + b"]]>" in sealed


def test_sealed_reply_round_trips_with_a_fresh_random_prefix(cipher):
    sealed = ElementTree.fromstring(seal_reply(cipher, "tok", b"<xml><Content>ok</Content></xml>", "1700000000", "abc"))
    encrypted = sealed.findtext("Encrypt")
    assert sealed.findtext("MsgSignature") == wechat_signature("tok", "1700000000", "abc", encrypted)
    assert cipher.decrypt(encrypted) == b"<xml><Content>ok</Content></xml>"


@pytest.mark.parametrize("timestamp, nonce", [("17e8", "abc"), ("1700000000", "a]]>b")])
def test_reply_envelope_refuses_values_that_could_break_it(cipher, timestamp, nonce):
    with pytest.raises(ValueError):
        seal_reply(cipher, "tok", b"<xml/>", timestamp, nonce)
