"""WeChat safe mode: the documented AES-256-CBC message encryption keyed by the EncodingAESKey (no Flask)."""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import re
import struct
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from api.wechat_signature import wechat_signature

#: The EncodingAESKey: 43 base64 characters (the platform generates letters and digits), the key without its "=".
ENCODING_AES_KEY = re.compile(r"[A-Za-z0-9+/]{43}")
#: WeChat pads with PKCS#7 to a multiple of the key size, 32 bytes (not AES's 16-byte block).
PAD_BLOCK = 32
AES_BLOCK = 16
RANDOM_BYTES = 16
#: The message length before the XML: 4 bytes, network byte order.
LENGTH = struct.Struct("!I")
HEADER_BYTES = RANDOM_BYTES + LENGTH.size


class InvalidEncodingAesKey(ValueError):
    """The configured EncodingAESKey is not 43 base64 characters."""


class DecryptionFailed(ValueError):
    """The `Encrypt` text is not a message this key encrypted (bad base64, length, padding or layout)."""


class AppIdMismatch(DecryptionFailed):
    """The message decrypts, but it was encrypted for another account's AppID."""


def decode_encoding_aes_key(encoding_aes_key: str) -> bytes:
    """The 32-byte AES key: Base64_Decode(EncodingAESKey + "="); raises `InvalidEncodingAesKey` with the fix."""
    if not ENCODING_AES_KEY.fullmatch(encoding_aes_key or ""):
        raise InvalidEncodingAesKey(
            f"WECHAT_ENCODING_AES_KEY must be the 43-character EncodingAESKey from the account's server "
            f"configuration (letters and digits); got {len(encoding_aes_key or '')} characters")
    return base64.b64decode(encoding_aes_key + "=")


def pkcs7_pad(data: bytes, block: int = PAD_BLOCK) -> bytes:
    """Append (block - len % block) bytes, each of that value (a full block when already aligned)."""
    count = block - len(data) % block
    return data + bytes([count]) * count


def pkcs7_unpad(data: bytes, block: int = PAD_BLOCK) -> bytes:
    """Remove PKCS#7 padding, refusing any that is not 1..block copies of its own length."""
    count = data[-1] if data else 0
    if not 1 <= count <= min(block, len(data)) or data[-count:] != bytes([count]) * count:
        raise DecryptionFailed("bad PKCS#7 padding")
    return data[:-count]


@dataclass(frozen=True)
class MessageCipher:
    """One account's message cipher: AES-256-CBC, IV = the key's first 16 bytes; the AppID rides inside."""

    key: bytes = field(repr=False)
    app_id: str

    @classmethod
    def from_encoding_aes_key(cls, encoding_aes_key: str, app_id: str) -> "MessageCipher":
        """The cipher for the account's EncodingAESKey and AppID."""
        return cls(decode_encoding_aes_key(encoding_aes_key), app_id)

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:AES_BLOCK]))

    def encrypt(self, message: bytes, random_prefix: bytes | None = None) -> str:
        """Base64 of AES(pad(random 16 bytes + length + message + AppID)); tests may fix the random bytes."""
        prefix = os.urandom(RANDOM_BYTES) if random_prefix is None else random_prefix
        if len(prefix) != RANDOM_BYTES:
            raise ValueError(f"the random prefix is {RANDOM_BYTES} bytes")
        plain = pkcs7_pad(prefix + LENGTH.pack(len(message)) + message + self.app_id.encode("utf-8"))
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode("ascii")

    def decrypt(self, encrypted: str) -> bytes:
        """The message XML inside `encrypted`; raises `DecryptionFailed`, or `AppIdMismatch` for another account."""
        try:
            data = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError) as error:
            raise DecryptionFailed("Encrypt is not base64") from error
        if not data or len(data) % AES_BLOCK:
            raise DecryptionFailed("Encrypt is not whole AES blocks")
        decryptor = self._cipher().decryptor()
        plain = pkcs7_unpad(decryptor.update(data) + decryptor.finalize())
        if len(plain) < HEADER_BYTES:
            raise DecryptionFailed("plaintext shorter than its header")
        (length,) = LENGTH.unpack_from(plain, RANDOM_BYTES)
        end = HEADER_BYTES + length
        if end > len(plain):
            raise DecryptionFailed("message length beyond the plaintext")
        if not hmac.compare_digest(plain[end:], self.app_id.encode("utf-8")):
            raise AppIdMismatch("the message was encrypted for another AppID")
        return plain[HEADER_BYTES:end]


def seal_reply(cipher: MessageCipher, token: str, reply_xml: bytes, timestamp: str, nonce: str,
               random_prefix: bytes | None = None) -> bytes:
    """A passive reply in safe mode: `<xml>` with Encrypt, MsgSignature, TimeStamp and Nonce, as documented."""
    if not timestamp.isdigit() or not nonce.isalnum():
        raise ValueError("timestamp must be digits and nonce letters or digits")
    encrypted = cipher.encrypt(reply_xml, random_prefix)
    signature = wechat_signature(token, timestamp, nonce, encrypted)
    return (f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt><MsgSignature><![CDATA[{signature}]]></MsgSignature>"
            f"<TimeStamp>{timestamp}</TimeStamp><Nonce><![CDATA[{nonce}]]></Nonce></xml>").encode("ascii")
