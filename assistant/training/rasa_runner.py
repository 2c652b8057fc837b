"""Runs `rasa train` and `rasa test nlu` in the Rasa runtime (its own venv) as subprocesses."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

from tqdm import tqdm

from assistant.training.report import NluScore, read_intent_report

DEFAULT_CACHE = Path.home() / ".cache" / "shopping-assistant" / "rasa-cache"
POLL_SECONDS = 0.5
STATUS_CHARS = 60


def train_command(rasa: Path, config: Path, domain: Path, data: Path, out_dir: Path) -> list[str]:
    """The `rasa train` command line that writes one model into `out_dir`."""
    return [str(rasa), "train", "--config", str(config), "--domain", str(domain), "--data", str(data),
            "--out", str(out_dir)]


def test_command(rasa: Path, model: Path, test_set: Path, out_dir: Path) -> list[str]:
    """The `rasa test nlu` command line that writes intent_report.json into `out_dir`."""
    return [str(rasa), "test", "nlu", "--model", str(model), "--nlu", str(test_set), "--out", str(out_dir)]


def rasa_environment(base: Mapping[str, str]) -> dict[str, str]:
    """The environment for Rasa: the caller's, with the shared training cache unless one is set."""
    return {**base, "RASA_CACHE_DIRECTORY": base.get("RASA_CACHE_DIRECTORY") or str(DEFAULT_CACHE)}


def last_status(log: Path) -> str:
    """The last non-empty line (or carriage-return update) Rasa wrote to its log, shortened."""
    try:
        with open(log, "rb") as handle:
            handle.seek(0, 2)
            handle.seek(max(0, handle.tell() - 4096))
            tail = handle.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return ""
    lines = [line.strip() for line in tail.replace("\r", "\n").split("\n") if line.strip()]
    return lines[-1][:STATUS_CHARS] if lines else ""


class RasaRunner:
    """One Rasa executable run from the project folder, its output kept in a log file per step."""

    def __init__(self, rasa: Path, project_dir: Path, env: Mapping[str, str], progress: bool = True) -> None:
        self.rasa = rasa
        self.project_dir = project_dir
        self.env = rasa_environment(env)
        self.progress = progress

    def train(self, config: Path, domain: Path, data: Path, out_dir: Path) -> Path:
        """Train a model into `out_dir` and return its file."""
        out_dir.mkdir(parents=True, exist_ok=True)
        self._run("training", train_command(self.rasa, config, domain, data, out_dir), out_dir / "train.log")
        models = sorted(out_dir.glob("*.tar.gz"), key=lambda p: (p.stat().st_mtime, p.name))
        if not models:
            raise RuntimeError(f"rasa train wrote no model into {out_dir}; see {out_dir / 'train.log'}")
        return models[-1]

    def test_nlu(self, model: Path, test_set: Path, out_dir: Path) -> NluScore:
        """Evaluate a model on the held-out NLU test set."""
        out_dir.mkdir(parents=True, exist_ok=True)
        self._run("evaluating", test_command(self.rasa, model, test_set, out_dir), out_dir / "test.log")
        return read_intent_report(out_dir / "intent_report.json")

    def _run(self, label: str, command: list[str], log: Path) -> None:
        """Run a command with its output in `log`, showing elapsed time and Rasa's latest line."""
        if not self.rasa.exists():
            raise RuntimeError(f"Rasa not found at {self.rasa} (run `make setup`)")
        with open(log, "wb") as output, tqdm(
            desc=f"  {label}", bar_format="{desc} {elapsed} {postfix}", disable=not self.progress, leave=False,
        ) as bar:
            process = subprocess.Popen(command, cwd=self.project_dir, env=self.env, stdout=output,
                                       stderr=subprocess.STDOUT, start_new_session=True)
            try:
                while process.poll() is None:
                    bar.set_postfix_str(last_status(log))
                    time.sleep(POLL_SECONDS)
            except BaseException:
                process.kill()
                process.wait()
                raise
        if process.returncode != 0:
            raise RuntimeError(f"rasa {label} failed (exit code {process.returncode}): "
                               f"{last_status(log)!r}; full log in {log}")
