"""Start, health-check and stop the action server, the Rasa server and the bridge."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Ports:
    """Where each process listens."""

    actions: int = 5055
    rasa: int = 5005
    bridge: int = 8080


@dataclass
class Service:
    """One child process and how to tell it is ready."""

    name: str
    command: list[str]
    health_url: str
    ready: Callable[[requests.Response], bool] = lambda r: r.status_code == 200
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    def is_ready(self) -> bool:
        """True once the health URL answers as expected."""
        try:
            return self.ready(requests.get(self.health_url, timeout=2))
        except (requests.RequestException, ValueError):
            return False


@dataclass
class Stack:
    """The whole assistant as real processes."""

    ports: Ports = field(default_factory=Ports)
    env: Mapping[str, str] = field(default_factory=dict)
    log_dir: Path = ROOT / "var" / "log"
    model_path: Path = ROOT / "models"
    services: list[Service] = field(default_factory=list)

    def __post_init__(self) -> None:
        python = sys.executable
        rasa = str(ROOT / ".venv-rasa" / "bin" / "rasa")
        p = self.ports
        self.services = [
            Service("action server", [python, "-m", "actions.server", "--port", str(p.actions)],
                    f"http://127.0.0.1:{p.actions}/health"),
            Service("rasa", [rasa, "run", "--enable-api", "--model", str(self.model_path),
                             "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
                             "--interface", "127.0.0.1", "--port", str(p.rasa)],
                    f"http://127.0.0.1:{p.rasa}/status",
                    lambda r: r.status_code == 200 and bool(r.json().get("model_file"))),
            Service("bridge", [python, "-m", "api.serve", "--port", str(p.bridge)],
                    f"http://127.0.0.1:{p.bridge}/healthz"),
        ]

    def environment(self) -> dict[str, str]:
        """Variables every process gets: the ports wired together, offline models."""
        return {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.ports.actions}/webhook",
            "RASA_URL": f"http://127.0.0.1:{self.ports.rasa}",
            "PYTHONUNBUFFERED": "1",
            **self.env,
        }

    def start(self, timeout: float | None = None) -> None:
        """Start every service and wait until each is healthy; stop all if one fails.

        `timeout` (seconds per service) defaults to $STACK_START_TIMEOUT_SECONDS, else 300: a loaded machine
        can need more for Rasa to load its model.
        """
        if timeout is None:
            timeout = float(os.environ.get("STACK_START_TIMEOUT_SECONDS") or 300)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = self.environment()
        try:
            for service in self.services:
                service.log_path = self.log_dir / f"{service.name.replace(' ', '-')}.log"
                with open(service.log_path, "ab") as log:
                    service.process = subprocess.Popen(
                        service.command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
            for service in self.services:
                self._wait(service, timeout)
        except BaseException:
            self.stop()
            raise

    def _wait(self, service: Service, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if service.process and service.process.poll() is not None:
                raise RuntimeError(f"{service.name} exited with {service.process.returncode}; see {service.log_path}")
            if service.is_ready():
                return
            time.sleep(0.5)
        raise TimeoutError(f"{service.name} not healthy after {timeout:.0f}s; see {service.log_path}")

    def stop(self, grace: float = 15.0) -> None:
        """Ask every service to stop, then kill what is left."""
        running = [s for s in self.services if s.process and s.process.poll() is None]
        for service in running:
            _signal_group(service.process, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for service in running:
            try:
                service.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(service.process, signal.SIGKILL)
                service.process.wait()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
