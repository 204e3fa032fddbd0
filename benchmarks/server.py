"""Serve the app with gunicorn (production configuration) on a database, for load clients."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LOAD_LIMITS = {  # one machine plays a whole room: lift the per-address allowances
    "RATELIMIT_PUBLIC_FORM": "1000000/minute",
    "RATELIMIT_LOGIN": "100000/minute",
    "RATELIMIT_LOGIN_PER_ACCOUNT": "100000/minute",
}


def free_port() -> int:
    """Return a TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn_serving(database_url: str, workers: int = 2, threads: int = 4):
    """Run gunicorn (production config) on database_url for the block; yield its base URL."""
    port = free_port()
    env = dict(
        os.environ,
        PROGRAM_PLANNER_CONFIG="production",
        SECRET_KEY="load-test-secret-key-0123456789-abcdefghij",
        DATABASE_URL=database_url,
        SESSION_COOKIE_SECURE="0",
        **LOAD_LIMITS,
    )
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers)]
    command += ["--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--timeout", "120"]
    process = subprocess.Popen(
        [*command, "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_up(process, base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
        time.sleep(0.3)
