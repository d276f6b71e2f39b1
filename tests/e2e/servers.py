"""A real `plenary serve` for the browser tests: started on a free port with a fresh SQLite
database, and stopped again."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SERVER_START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _plenary_command() -> list[str]:
    script = Path(sys.executable).with_name("plenary")
    if script.exists():
        return [str(script)]
    found = shutil.which("plenary")
    if found:
        return [found]
    return [sys.executable, "-c", "from app.cli import main; main()"]


def _wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"`plenary serve` exited with code {process.returncode} before it was ready.\n"
                f"Server log ({log}):\n{log.read_text(errors='replace')[-4000:]}"
            )
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(
        f"`plenary serve` did not answer {base_url}/healthz within {SERVER_START_TIMEOUT:.0f} s.\n"
        f"Server log ({log}):\n{log.read_text(errors='replace')[-4000:]}"
    )


def start_server(
    data_dir: Path,
    log: Path,
    *,
    host: str = "127.0.0.1",
    env_extra: dict[str, str] | None = None,
    public: bool = False,
) -> tuple[subprocess.Popen[bytes], str]:
    """`plenary serve` on a free port with a fresh SQLite database; the loopback URL. With
    ``public``, that URL is also its PLENARY_PUBLIC_URL, as a deployed server's would be."""
    port = _free_port()
    if public:
        env_extra = {**(env_extra or {}), "PLENARY_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    env = {
        **os.environ,
        "PLENARY_DATABASE_URL": f"sqlite:///{(data_dir / 'e2e.db').as_posix()}",
        "PLENARY_HOST": host,
        "PLENARY_PORT": str(port),
        **(env_extra or {}),
    }
    env.pop("PLENARY_REDIS_URL", None)  # the embedded in-memory hub is enough here
    if not env_extra or "PLENARY_PUBLIC_URL" not in env_extra:
        env.pop("PLENARY_PUBLIC_URL", None)
    command = [*_plenary_command(), "serve", "--host", host, "--port", str(port)]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=data_dir, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    _wait_until_healthy(url, process, log)
    return process, url


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


