"""`python -m stack`: run the whole assistant until Ctrl-C (`make run`); `python -m stack shell` (`make shell`)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from stack.processes import ROOT, Stack


def shell() -> int:
    """`rasa shell` against the action server, starting one if none is running."""
    stack = Stack()
    actions = stack.services[0]
    own = not actions.is_ready()
    if own:
        print("starting the action server for this shell...", flush=True)
        stack.services = [actions]
        stack.start()
    try:
        env = stack.environment()
        rasa = str(ROOT / ".venv-rasa" / "bin" / "rasa")
        return subprocess.call(
            [rasa, "shell", "--model", str(stack.model_path), "--endpoints", "endpoints.yml"], cwd=ROOT, env=env
        )
    except KeyboardInterrupt:
        return 0
    finally:
        if own:
            stack.stop()


def run() -> int:
    """Start the three processes, print where to chat, stop them all on Ctrl-C or SIGTERM."""
    stack = Stack()
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    print("starting the action server, Rasa and the bridge (Rasa takes about half a minute)...", flush=True)
    try:
        stack.start()
        p = stack.ports
        print(
            f"\nThe assistant is running:\n"
            f"  web chat          http://127.0.0.1:{p.bridge}/\n"
            f"  chat API          curl -s localhost:{p.bridge}/chat -H 'content-type: application/json' "
            f"-d '{{\"sender\":\"me\",\"message\":\"do you have running shoes?\"}}'\n"
            f"  Rasa              http://127.0.0.1:{p.rasa}  (REST channel, HTTP API enabled)\n"
            f"  action server     http://127.0.0.1:{p.actions}/health\n"
            f"  terminal chat     make shell   (in another terminal)\n"
            f"  logs              {stack.log_dir}\n"
            f"Press Ctrl-C to stop.",
            flush=True,
        )
        while all(s.process.poll() is None for s in stack.services):
            time.sleep(1)
        dead = [s.name for s in stack.services if s.process.poll() is not None]
        print(f"stopped: {', '.join(dead)} exited; see {stack.log_dir}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping...", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()
        print("all processes stopped.", flush=True)


def main(argv: list[str]) -> int:
    """Dispatch `run` (default) or `shell`."""
    return shell() if argv[:1] == ["shell"] else run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
