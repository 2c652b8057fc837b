"""Action server entry point: rasa-sdk's own server, with the product index loaded before it listens."""

from __future__ import annotations

import threading

import tqdm
from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser

from actions import services


def main() -> None:
    """Parse rasa-sdk's arguments, warm the index, then serve the `actions` package."""
    args = create_argument_parser().parse_args()
    args.actions = args.actions or "actions"
    # tqdm's default multiprocessing lock would fix the start method to "fork" before Sanic asks for "spawn".
    tqdm.tqdm.set_lock(threading.RLock())
    services.warm_up()
    main_from_args(args)


if __name__ == "__main__":
    main()
