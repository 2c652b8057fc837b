"""Serve the bridge with waitress, a production WSGI server (pure Python, threads, no fork)."""

from __future__ import annotations

import argparse
import logging
import signal

from waitress import serve

from api import create_app
from api.masking import install_masking


def main() -> None:
    """Run the bridge on the given host and port."""
    parser = argparse.ArgumentParser(description="Run the channel bridge.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_masking()
    app = create_app()
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        serve(app, host=args.host, port=args.port, threads=args.threads, ident="shop-bridge")
    except KeyboardInterrupt:
        pass
    finally:
        app.extensions["workers"].stop(timeout=10)
        app.extensions["inbox"].close()
        logging.getLogger(__name__).info("bridge stopped; unfinished messages stay in the inbox")


def _interrupt(_signum, _frame) -> None:
    """Turn SIGTERM into the same clean stop as Ctrl-C: workers finish their message, leases are freed."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
