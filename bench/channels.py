"""Channel load: concurrent WhatsApp conversations through the real bridge (SQLite inbox, workers), Rasa server
and action server, answered to a local Graph API stand-in that records every send.

    .venv/bin/python -m bench.channels                  # 50 shoppers x 4 messages, about 8 s apart
    .venv/bin/python -m bench.channels --think 1        # the same as a burst: far more than the stack answers
    .venv/bin/python -m bench.channels --table bench/results/channels-*.json   # markdown for docs/benchmarks.md

Each conversation is one shopper (a distinct WhatsApp number) sending signed text webhooks in sequence, a think
time apart, without waiting for the answers. Replies are attributed to the inbound message whose read receipt
precedes them: the bridge marks a message read when it starts answering it, and answers one message of a
conversation at a time, so a shopper's sends arrive at the Graph API grouped by inbound message.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import requests

from api.config import BridgeSettings
from api.inbound import InboundMessage
from api.inbox import open_inbox
from api.whatsapp_inbound import parse_whatsapp
from bench.speed import machine
from stack.processes import ROOT
from tests.fakes.graph_server import FakeGraph, Recorded
from tests.integration_stack import import_catalog, start_stack
from tests.signed_webhooks import WA_SECRET, post, whatsapp

RESULTS = Path(__file__).resolve().parent / "results"
MAX_CONVERSATIONS = 500
#: What shoppers send, in order: a greeting, a product search, a refinement, thanks.
SCRIPTS: tuple[tuple[str, ...], ...] = (
    ("hi", "do you have running shoes?", "in black please", "thanks"),
    ("hello", "I'm looking for a rain jacket under $100", "any in blue?", "thank you"),
    ("hey there", "show me women's hoodies", "size M", "thanks a lot"),
    ("good morning", "do you have yoga pants?", "show me more", "great, thanks"),
    ("hiya", "I need a gym bag", "anything cheaper?", "thx"),
)


@dataclass
class Inbound:
    """One signed webhook as the shopper sent it, and what came back."""

    message: InboundMessage
    script: int
    step: int
    posted_at: float
    acked_at: float
    status: int
    replies: list[tuple[float, dict]] = field(default_factory=list)
    read_receipts: int = 0

    @property
    def sender(self) -> str:
        return self.message.address.key

    @property
    def ack_ms(self) -> float:
        return 1000 * (self.acked_at - self.posted_at)

    def reply_ms(self, which: int) -> float | None:
        """Milliseconds from the POST to the arrival of reply `which` (0 first, -1 last) at the Graph API."""
        return 1000 * (self.replies[which][0] - self.posted_at) if self.replies else None

    def bodies(self) -> list[dict]:
        """The replies without the recipient fields, comparable across shoppers."""
        return [{k: v for k, v in body.items() if k not in ("to", "recipient")} for _, body in self.replies]


class ArrivalClock:
    """Timestamps each message the Graph stand-in accepts as it arrives, in `FakeGraph.messages()` order."""

    def __init__(self, graph: FakeGraph) -> None:
        self.graph, self.times = graph, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="arrival-clock", daemon=True)

    def __enter__(self) -> "ArrivalClock":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            seen = len(self.graph.wait_for_messages(len(self.times) + 1, timeout=0.2))
            now = time.monotonic()
            self.times += [now] * (seen - len(self.times))


def shopper(n: int) -> str:
    """The WhatsApp number of shopper `n`."""
    return f"1555{n:07d}"


def converse(stack, sender: str, script: int, think: float, delay: float, solo_inbox=None) -> list[Inbound]:
    """Send one shopper's messages in order; with `solo_inbox`, wait for each answer before the next message."""
    rng = random.Random(sender)
    time.sleep(delay)
    sent = []
    for step, text in enumerate(SCRIPTS[script]):
        payload = whatsapp("text", sender, text=text)
        message = parse_whatsapp(payload).messages[0]
        posted_at = time.monotonic()
        try:
            status = post(stack, "whatsapp", payload).status_code
        except requests.RequestException:
            status = 0
        sent.append(Inbound(message, script, step, posted_at, time.monotonic(), status))
        if solo_inbox is not None:
            wait_for_outcomes(solo_inbox, [message], timeout=120)
        else:
            time.sleep(think * rng.uniform(0.5, 1.5))
    return sent


def wait_for_outcomes(inbox, messages: list[InboundMessage], timeout: float) -> dict[str, str | None]:
    """How each stored message ended, waiting up to `timeout` for all of them to end."""
    deadline = time.monotonic() + timeout
    outcomes: dict[str, str | None] = {}
    while True:
        outcomes = {m.message_id: inbox.outcome(m) for m in messages}
        if all(outcomes.values()) or time.monotonic() > deadline:
            return outcomes
        time.sleep(0.25)


def attribute(requests: list[Recorded], arrivals: list[float], inbound: list[Inbound]) -> int:
    """Give each accepted message to the inbound message whose read receipt came last before it; return the
    number of messages that had none (sent to a shopper before any read receipt)."""
    by_id = {i.message.message_id: i for i in inbound}
    current: dict[str, Inbound] = {}
    orphans, k = 0, 0
    for request in requests:
        if request.body.get("status") == "read":
            target = by_id.get(request.body.get("message_id"))
            if target is not None:
                target.read_receipts += 1
                current[target.sender] = target
        elif request.is_message and request.answered == 200:
            target = current.get(request.recipient)
            if target is None:
                orphans += 1
            else:
                target.replies.append((arrivals[k] if k < len(arrivals) else float("nan"), request.body))
            k += 1
    return orphans


def percentile(samples: list[float], q: float) -> float | None:
    """The q-th percentile (nearest rank) of samples, or None when there are none."""
    if not samples:
        return None
    ordered = sorted(samples)
    return round(ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)], 1)


def summarize(inbound: list[Inbound], expected: dict[tuple[int, int], list[dict]], outcomes: dict, orphans: int,
              started: float) -> dict:
    """Latency percentiles, losses, duplicates and order from the attributed replies."""
    answered = [i for i in inbound if i.replies]
    firsts = [i.reply_ms(0) for i in answered]
    lasts = [i.reply_ms(-1) for i in answered]
    extra = sum(max(0, len(i.replies) - len(expected[i.script, i.step])) for i in inbound)
    conversations = defaultdict(list)
    for i in inbound:
        conversations[i.sender].append(i)
    in_order = sum(1 for messages in conversations.values() if _kept_order(messages))
    finished = max((t for i in answered for t, _ in i.replies), default=started)
    return {
        "inbound": len(inbound),
        "acks": {"non_200": sum(1 for i in inbound if i.status != 200),
                 "p50_ms": percentile([i.ack_ms for i in inbound], 50),
                 "p99_ms": percentile([i.ack_ms for i in inbound], 99),
                 "max_ms": percentile([i.ack_ms for i in inbound], 100)},
        "first_reply": {"p50_ms": percentile(firsts, 50), "p95_ms": percentile(firsts, 95),
                        "max_ms": percentile(firsts, 100)},
        "last_reply": {"p50_ms": percentile(lasts, 50), "p95_ms": percentile(lasts, 95),
                       "max_ms": percentile(lasts, 100)},
        "first_reply_by_step": {
            str(step): {"p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95)}
            for step, ms in sorted(_by_step(answered).items())
        },
        "replies": sum(len(i.replies) for i in inbound),
        "expected_replies": sum(len(expected[i.script, i.step]) for i in inbound),
        "lost": sum(1 for i in inbound if not i.replies),
        "short": sum(1 for i in answered if len(i.replies) < len(expected[i.script, i.step])),
        "answered_twice": sum(1 for i in inbound if i.read_receipts > 1),
        "extra_replies": extra,
        "orphan_replies": orphans,
        "same_as_solo": sum(1 for i in inbound if i.bodies() == expected[i.script, i.step]),
        "conversations_in_order": in_order,
        "conversations": len(conversations),
        "inbox_outcomes": dict(Counter(outcomes.values())),
        "messages_per_s": round(len(answered) / (finished - started), 2) if finished > started else None,
        "wall_s": round(finished - started, 1),
    }


def _by_step(inbound: list[Inbound]) -> dict[int, list[float]]:
    steps = defaultdict(list)
    for i in inbound:
        steps[i.step].append(i.reply_ms(0))
    return steps


def _kept_order(messages: list[Inbound]) -> bool:
    """Every message answered, each answer after the previous one's, in the order the shopper sent them."""
    messages = sorted(messages, key=lambda i: i.step)
    times = [t for i in messages for t, _ in i.replies]
    return all(i.replies for i in messages) and times == sorted(times)


def run(conversations: int, think: float, ramp: float, timeout: float, work_dir: Path, workers: int | None) -> dict:
    """Start the stack, calibrate each script alone, then run the conversations concurrently."""
    if not list((ROOT / "models").glob("*.tar.gz")):
        raise SystemExit("no trained Rasa model in models/ (run `make model`)")
    data_dir, log_dir = work_dir / "data", work_dir / "logs"
    for folder in (data_dir, log_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    inbox_url = f"sqlite:///{data_dir / 'inbox.sqlite3'}"
    import_catalog(data_dir)
    load_before = os.getloadavg()
    with FakeGraph() as graph, ArrivalClock(graph) as clock:
        stack = start_stack(
            data_dir, log_dir, WHATSAPP_VERIFY_TOKEN="bench-verify", WHATSAPP_APP_SECRET=WA_SECRET,
            WHATSAPP_ACCESS_TOKEN="bench-wa-token", WHATSAPP_PHONE_NUMBER_ID="106540352242922",
            GRAPH_API_URL=graph.url, BRIDGE_INBOX_URL=inbox_url,
            **({"BRIDGE_WORKERS": str(workers)} if workers else {}),
        )
        inbox = open_inbox(inbox_url)
        try:
            print("stack up; warming up, then each script alone, one message at a time...", file=sys.stderr)
            warmup = converse(stack, shopper(999_999), 0, 0, 0, inbox)
            solo = [i for n in range(len(SCRIPTS)) for i in converse(stack, shopper(900_000 + n), n, 0, 0, inbox)]
            print(f"running {conversations} conversations...", file=sys.stderr)
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=conversations) as pool:
                jobs = [pool.submit(converse, stack, shopper(n), n % len(SCRIPTS), think, ramp * n / conversations)
                        for n in range(conversations)]
                inbound = [i for job in jobs for i in job.result()]
            outcomes = wait_for_outcomes(inbox, [i.message for i in inbound], timeout)
            time.sleep(2.0)  # late duplicates would arrive now
            workers = BridgeSettings.from_env(stack.environment()).workers
            load_during = os.getloadavg()
        finally:
            inbox.close()
            stack.stop()
    orphans = attribute(list(graph.requests), clock.times, warmup + solo + inbound)
    expected = {(i.script, i.step): i.bodies() for i in solo}
    return {
        "conversations": conversations, "messages_per_conversation": len(SCRIPTS[0]), "think_s": think,
        "ramp_s": ramp, "bridge_workers": workers, "inbox": "sqlite",
        "machine": {**machine(), "load_average_before": _load(load_before), "load_average_end": _load(load_during)},
        "solo": summarize(solo, expected, {}, 0, solo[0].posted_at),
        "load": summarize(inbound, expected, outcomes, orphans, started),
        "scripts": [list(s) for s in SCRIPTS],
        "expected_replies_per_step": {f"{s}.{t}": len(b) for (s, t), b in sorted(expected.items())},
    }


def _load(average: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.1f}" for x in average)


HEADER = ("| run | webhooks | ack p50 / p99 | first reply p50 / p95 | full answer p50 / p95 | lost | "
          "answered twice / extra replies | order kept | same as alone | answered/s | load avg |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def table(results: list[dict]) -> str:
    """Markdown rows: each script alone (from the first result), then each concurrent run."""
    rows = [HEADER, _row("each script alone, one message at a time", results[0]["solo"], "", "")]
    for r in results:
        label = (f"{r['conversations']} shoppers x {r['messages_per_conversation']}, think {r['think_s']:g} s, "
                 f"{r['bridge_workers']} workers")
        rows.append(_row(label, r["load"], r["load"]["messages_per_s"], r["machine"]["load_average_end"].split()[0]))
    return "\n".join(rows)


def _row(label: str, s: dict, rate, load) -> str:
    return (f"| {label} | {s['inbound']} | {s['acks']['p50_ms']:.0f} / {s['acks']['p99_ms']:.0f} ms "
            f"| {_seconds(s['first_reply'])} | {_seconds(s['last_reply'])} | {s['lost']} "
            f"| {s['answered_twice']} / {s['extra_replies']} | {s['conversations_in_order']}/{s['conversations']} "
            f"| {s['same_as_solo']}/{s['inbound']} | {rate} | {load} |")


def _seconds(latency: dict) -> str:
    return f"{latency['p50_ms'] / 1000:.2f} / {latency['p95_ms'] / 1000:.2f} s"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or print the table of saved results) and write JSON to bench/results/."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--think", type=float, default=8.0, help="mean seconds between a shopper's messages")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the shoppers start")
    parser.add_argument("--workers", type=int, help="BRIDGE_WORKERS (default: the bridge's own default)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for every answer")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "assistant-bench-channels")
    parser.add_argument("--table", type=Path, nargs="+", help="print the markdown table of saved results")
    args = parser.parse_args(argv)
    if args.table:
        print(table([json.loads(path.read_text()) for path in args.table]))
        return 0
    if not 1 <= args.conversations <= MAX_CONVERSATIONS:
        parser.error(f"--conversations must be between 1 and {MAX_CONVERSATIONS}")
    result = run(args.conversations, args.think, args.ramp, args.timeout, args.work_dir, args.workers)
    result["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / (f"channels-{args.conversations}x{len(SCRIPTS[0])}-think{args.think:g}s"
                      f"-w{result['bridge_workers']}-{datetime.now():%Y%m%d-%H%M}.json")
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(table([result]))
    print(json.dumps(result["load"], indent=2), file=sys.stderr)
    print(f"written to {path.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
