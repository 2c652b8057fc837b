"""Helpers to run the real processes in tests: free ports, a data folder with the demo catalog."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from stack.processes import ROOT, Ports, Stack

DEMO_CATALOG = ROOT / "demo_data" / "catalog" / "luma_shopify.csv"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def import_catalog(data_dir: Path, catalog: Path = DEMO_CATALOG) -> str:
    """Import a catalog with the real command line; return what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "catalog", "import", str(catalog), "--quiet", "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return done.stdout


def start_stack(data_dir: Path, log_dir: Path, **env: str) -> Stack:
    """The action server, Rasa and the bridge on free ports, serving `data_dir`."""
    stack = Stack(
        ports=Ports(actions=free_port(), rasa=free_port(), bridge=free_port()),
        env={"ASSISTANT_DATA_DIR": str(data_dir), "INDEX_RELOAD_SECONDS": "0.5", **env},
        log_dir=log_dir,
    )
    stack.start()
    return stack
