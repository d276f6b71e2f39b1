"""deploy/nginx.conf: nginx accepts it (`nginx -t`, in a temporary prefix), and WebSockets go
through it to two Plenary hosts on one PostgreSQL and Redis, and on to the second when the first
dies. nginx must be installed (scripts/test installs Debian's); without it these tests fail."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from live_support import (
    DELEGATIONS,
    PROJECT_ROOT,
    LiveClient,
    ServerProcess,
    free_port,
    postgres_schema_url,
    write_scenarios,
)
from room_helpers import create_room
from session_script import everyone_at

CONFIG = PROJECT_ROOT / "deploy" / "nginx.conf"
REDIS_URL = "redis://127.0.0.1:6379/0"


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )
    if found is None:
        pytest.fail(
            "nginx is not installed, so deploy/nginx.conf cannot be checked: run scripts/test "
            "(it installs Debian's nginx) or apt-get install nginx-light."
        )
    return found


def prefix_with(config: str, folder: Path) -> Path:
    """A prefix folder holding ``config`` and the folders its relative paths name."""
    for sub in ("logs", "temp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "nginx.conf").write_text(config, encoding="utf-8")
    return folder


def nginx_command(folder: Path, *extra: str) -> list[str]:
    command = [nginx_binary(), "-p", str(folder), "-c", str(folder / "nginx.conf")]
    command += ["-e", str(folder / "logs" / "error.log")]
    if os.geteuid() == 0:  # the workers would drop to nobody, who cannot enter a tmp folder
        command += ["-g", "user root;"]
    return [*command, *extra]


def test_nginx_accepts_the_shipped_configuration(tmp_path: Path) -> None:
    folder = prefix_with(CONFIG.read_text(encoding="utf-8"), tmp_path / "nginx")
    checked = subprocess.run(
        nginx_command(folder, "-t"), capture_output=True, text=True, timeout=30
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr and "test is successful" in checked.stderr


def test_the_configuration_upgrades_websockets_and_keeps_them_open() -> None:
    text = CONFIG.read_text(encoding="utf-8")
    ws = text[text.index("location /ws/") :]
    ws = ws[: ws.index("}")]
    assert "proxy_set_header Upgrade $http_upgrade;" in ws
    assert "proxy_set_header Connection $connection_upgrade;" in ws
    timeout = re.search(r"proxy_read_timeout (\d+)s;", ws)
    assert timeout is not None and int(timeout.group(1)) >= 3600
    assert "proxy_http_version 1.1;" in text
    assert re.search(r"hash \$plenary_room consistent;", text)


@pytest.fixture
def two_hosts_behind_nginx(tmp_path: Path) -> Iterator[tuple[str, list[ServerProcess]]]:
    scenarios = write_scenarios(tmp_path / "scenarios")
    with postgres_schema_url() as url:
        hosts = [ServerProcess(url, scenarios, redis_url=REDIS_URL).start() for _ in range(2)]
        port = free_port()
        config = CONFIG.read_text(encoding="utf-8")
        upstreams = iter(hosts)
        config = re.sub(
            r"server 127\.0\.0\.1:\d+ (.*# plenary-upstream)",
            lambda m: f"server 127.0.0.1:{next(upstreams).port} {m.group(1)}",
            config,
        )
        config = re.sub(r"listen \d+;", f"listen 127.0.0.1:{port};", config)
        config = config.replace("worker_processes auto;", "worker_processes 1;")
        folder = prefix_with(config, tmp_path / "nginx")
        nginx = subprocess.Popen(
            nginx_command(folder, "-g", "daemon off;"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert nginx.poll() is None, nginx.stderr.read() if nginx.stderr else ""
                assert time.monotonic() < deadline, "nginx did not answer"
                time.sleep(0.1)
            yield base, hosts
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)
            for host in hosts:
                host.stop()


def upstream_sockets(host: ServerProcess) -> int:
    """Open sockets from nginx into ``host`` (WebSockets and idle keep-alive connections)."""
    return sum(
        1
        for c in psutil.Process(host.worker_pids()[0]).net_connections(kind="tcp")
        if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == host.port
    )


async def test_websockets_through_nginx_reach_one_host_and_move_when_it_dies(
    two_hosts_behind_nginx: tuple[str, list[ServerProcess]],
) -> None:
    base, hosts = two_hosts_behind_nginx
    ws = base.replace("http://", "ws://")
    room = create_room(base, claim=DELEGATIONS[:6])
    chair = await LiveClient(ws, room.code, room.chair_key, "chair").connect()
    delegates = {
        actor: await LiveClient(ws, room.code, token, actor).connect()
        for actor, token in room.tokens.items()
    }
    clients = [chair, *delegates.values()]
    try:
        seqs = [
            await client.must("record_attendance", member=actor, status="present")
            for actor, client in list(delegates.items())[:3]
        ]
        await everyone_at(clients, max(seqs))
        # The room's sockets all hash to one host; that host dies.
        serving, other = sorted(hosts, key=upstream_sockets, reverse=True)
        assert upstream_sockets(serving) >= len(clients)
        # At most nginx's idle keep-alive connections from the room's creation go elsewhere.
        assert upstream_sockets(other) < len(clients), "the room's sockets were spread"
        serving.kill()
        for client in clients:
            await client.wait_until(lambda c=client: c.closed_with is not None, what="cut off")
        again = {
            actor: await LiveClient(ws, room.code, room.tokens[actor], actor + "'").connect(
                last_seq=delegates[actor].last_seq
            )
            for actor in delegates
        }
        chair_again = await LiveClient(ws, room.code, room.chair_key, "chair'").connect(
            last_seq=chair.last_seq
        )
        clients = [chair_again, *again.values()]
        seqs = [
            await client.must("record_attendance", member=actor, status="present")
            for actor, client in list(again.items())[3:]
        ]
        await everyone_at(clients, max(seqs))
        # One log, without a gap or a repeat, across the two hosts.
        seen = [*chair.events, *chair_again.events]
        assert [m["seq"] for m in seen] == list(range(1, max(seqs) + 1))
        recorded = [
            m["event"]["member"] for m in seen if m["event"]["type"] == "attendance_recorded"
        ]
        assert sorted(recorded) == sorted(DELEGATIONS[:6])
    finally:
        for client in clients:
            await client.close()
