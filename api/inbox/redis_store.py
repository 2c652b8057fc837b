"""Inbox on Redis for several bridges: one list per conversation, a ready set, leases that expire, Lua for atomicity."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import redis

from api.inbound import InboundMessage
from api.inbox.model import Handoff, InboxItem

DEDUP_TTL_SECONDS = 7 * 24 * 3600

PUT = """
local p, dedup, conv, body, now, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if not redis.call('SET', p .. ':dedup:' .. dedup, '1', 'NX', 'EX', ttl) then return 0 end
local seq = redis.call('INCR', p .. ':seq')
redis.call('HSET', p .. ':msg:' .. seq, 'conversation', conv, 'body', body, 'attempts', 0,
           'available_at', now, 'sent', 0, 'dedup', dedup)
redis.call('RPUSH', p .. ':conv:' .. conv, seq)
redis.call('SADD', p .. ':pending', seq)
redis.call('ZADD', p .. ':ready', 'NX', now, conv)
return seq
"""

CLAIM = """
local p, owner, now, lease_ms = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local conversations = redis.call('ZRANGEBYSCORE', p .. ':ready', '-inf', now, 'LIMIT', 0, 50)
for _, conv in ipairs(conversations) do
  local lease = p .. ':lease:' .. conv
  if redis.call('EXISTS', lease) == 0 then
    local seq = redis.call('LINDEX', p .. ':conv:' .. conv, 0)
    if not seq then
      redis.call('ZREM', p .. ':ready', conv)
    else
      local key = p .. ':msg:' .. seq
      local available = tonumber(redis.call('HGET', key, 'available_at') or '0')
      if available <= now then
        redis.call('SET', lease, owner, 'PX', lease_ms)
        redis.call('ZADD', p .. ':ready', now + lease_ms / 1000, conv)
        redis.call('HINCRBY', key, 'attempts', 1)
        local fields = redis.call('HGETALL', key)
        table.insert(fields, 'seq')
        table.insert(fields, seq)
        return fields
      end
      redis.call('ZADD', p .. ':ready', available, conv)
    end
  end
end
return false
"""

FINISH = """
local p, owner, seq, conv, outcome, now, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7]
local key = p .. ':msg:' .. seq
local dedup = redis.call('HGET', key, 'dedup')
redis.call('LREM', p .. ':conv:' .. conv, 1, seq)
redis.call('SREM', p .. ':pending', seq)
redis.call('DEL', key)
if dedup then redis.call('SET', p .. ':outcome:' .. dedup, outcome, 'EX', ttl) end
local lease = p .. ':lease:' .. conv
if redis.call('GET', lease) == owner then redis.call('DEL', lease) end
if redis.call('LLEN', p .. ':conv:' .. conv) > 0 then
  redis.call('ZADD', p .. ':ready', now, conv)
else
  redis.call('ZREM', p .. ':ready', conv)
end
return 1
"""

RETRY = """
local p, owner, seq, conv, ready_at = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
redis.call('HSET', p .. ':msg:' .. seq, 'available_at', ready_at)
local lease = p .. ':lease:' .. conv
if redis.call('GET', lease) == owner then redis.call('DEL', lease) end
redis.call('ZADD', p .. ':ready', ready_at, conv)
return 1
"""


class RedisInbox:
    """Shared by every bridge pointing at the same Redis and key prefix (`?prefix=` in the URL)."""

    def __init__(self, url: str) -> None:
        url, self.prefix = _split_prefix(url)
        self.redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=10)
        self._put = self.redis.register_script(PUT)
        self._claim = self.redis.register_script(CLAIM)
        self._finish = self.redis.register_script(FINISH)
        self._retry = self.redis.register_script(RETRY)

    def put(self, message: InboundMessage) -> bool:
        """Store a message; False when its platform id was seen before."""
        seq = self._put(args=[self.prefix, message.dedup_key, message.conversation,
                              json.dumps(message.to_dict()), repr(time.time()), DEDUP_TTL_SECONDS])
        return int(seq) > 0

    def claim(self, owner: str, lease_seconds: float) -> InboxItem | None:
        """The oldest ready message of a conversation nobody else holds, leased to `owner`."""
        flat = self._claim(args=[self.prefix, owner, repr(time.time()), int(lease_seconds * 1000)])
        if not flat:
            return None
        fields = dict(zip(flat[::2], flat[1::2]))
        outbound = fields.get("outbound")
        return InboxItem(
            seq=int(fields["seq"]), message=InboundMessage.from_dict(json.loads(fields["body"])), owner=owner,
            attempts=int(fields["attempts"]), outbound=tuple(json.loads(outbound)) if outbound else None,
            sent=int(fields.get("sent", 0)),
        )

    def save_outbound(self, item: InboxItem, outbound: list[dict]) -> InboxItem:
        """Remember the rendered replies, so a retry resends exactly these and nothing twice."""
        self.redis.hset(self._key(item), "outbound", json.dumps(outbound))
        return replace(item, outbound=tuple(outbound))

    def mark_sent(self, item: InboxItem, sent: int) -> InboxItem:
        """Record that the first `sent` outbound messages were delivered to the platform."""
        self.redis.hset(self._key(item), "sent", sent)
        return replace(item, sent=sent)

    def complete(self, item: InboxItem, outcome: str) -> None:
        """Finish the message and free its conversation for the next one."""
        self._finish(args=[self.prefix, item.owner, item.seq, item.message.conversation, outcome,
                           repr(time.time()), DEDUP_TTL_SECONDS])

    def retry_later(self, item: InboxItem, delay_seconds: float) -> None:
        """Put the message back at the head of its conversation, ready after a delay."""
        self._retry(args=[self.prefix, item.owner, item.seq, item.message.conversation,
                          repr(time.time() + delay_seconds)])

    def pending(self) -> int:
        """Messages not finished yet."""
        return int(self.redis.scard(f"{self.prefix}:pending"))

    def outcome(self, message: InboundMessage) -> str | None:
        """How a stored message ended (None while pending or unknown)."""
        return self.redis.get(f"{self.prefix}:outcome:{message.dedup_key}")

    def open_handoff(self, conversation: str, reason: str) -> None:
        """Pause the bot for this conversation."""
        record = json.dumps({"reason": reason[:200], "opened_at": time.time()})
        self.redis.hsetnx(f"{self.prefix}:handoffs", conversation, record)

    def release_handoff(self, conversation: str) -> bool:
        """Give the conversation back to the bot; False when it was not in handoff."""
        return bool(self.redis.hdel(f"{self.prefix}:handoffs", conversation))

    def handoffs(self) -> list[Handoff]:
        """Open handoffs, oldest first."""
        records = self.redis.hgetall(f"{self.prefix}:handoffs")
        found = [Handoff(c, json.loads(r)["reason"], json.loads(r)["opened_at"]) for c, r in records.items()]
        return sorted(found, key=lambda h: h.opened_at)

    def in_handoff(self, conversation: str) -> bool:
        """True while an agent owns the conversation."""
        return bool(self.redis.hexists(f"{self.prefix}:handoffs", conversation))

    def close(self) -> None:
        """Release connections."""
        self.redis.close()

    def _key(self, item: InboxItem) -> str:
        return f"{self.prefix}:msg:{item.seq}"


def _split_prefix(url: str, default: str = "bridge:inbox") -> tuple[str, str]:
    """Take the `prefix` query parameter out of a Redis URL (redis-py would reject it)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    prefix = next((v for k, v in query if k == "prefix"), default)
    rest = urlencode([(k, v) for k, v in query if k != "prefix"])
    return urlunsplit(parts._replace(query=rest)), prefix
