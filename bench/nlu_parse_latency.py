"""NLU parse latency through a running Rasa server's /model/parse, p50/p95 over the held-out messages.

Usage: start the stack (`make run`), then
    .venv/bin/python -m bench.nlu_parse_latency --url http://127.0.0.1:5005 --rounds 3
"""

from __future__ import annotations

import argparse
import statistics
import time

import requests

from bench.nlu_examples import held_out_examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [text for text, _ in held_out_examples()]
    session = requests.Session()
    session.post(f"{args.url}/model/parse", json={"text": "warm up"}, timeout=30).raise_for_status()
    timings = []
    for _ in range(args.rounds):
        for text in texts:
            start = time.perf_counter()
            session.post(f"{args.url}/model/parse", json={"text": text}, timeout=30).raise_for_status()
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"{len(timings)} parses of {len(texts)} messages: p50 {statistics.median(timings):.1f} ms, "
          f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")


if __name__ == "__main__":
    main()
