"""Join addresses a classroom's devices can reach (app/join_links.py): which address is handed
out, what `plenary serve` prints, the join-link and QR endpoints, and the pages' context."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import ifaddr
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app import cli, join_links
from app.main import create_app
from app.settings import Settings


def adapter(name: str, *addresses: str) -> Any:
    ips = [SimpleNamespace(ip=a, is_IPv4=":" not in a, network_prefix=24) for a in addresses]
    return SimpleNamespace(name=name, nice_name=name, ips=ips)


@pytest.fixture
def interfaces(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """This computer's network adapters, as the test sets them."""
    adapters: list[Any] = []
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: adapters)
    return adapters


def test_the_classroom_address_comes_first_and_loopback_never(interfaces: list[Any]) -> None:
    interfaces.extend([
        adapter("lo", "127.0.0.1", "::1"),
        adapter("docker0", "172.17.0.1"),
        adapter("wlp2s0", "169.254.10.2", "192.168.1.20", "fe80::1"),
        adapter("eth1", "203.0.113.7"),
    ])
    assert join_links.interface_addresses() == ["192.168.1.20", "203.0.113.7", "172.17.0.1"]


def test_serve_prints_every_address_a_device_can_use(
    interfaces: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    interfaces.extend([adapter("wlan0", "192.168.1.20"), adapter("eth0", "10.0.0.5")])
    cli.print_addresses(Settings(host="0.0.0.0", port=8000))
    printed = capsys.readouterr().out
    assert "Local:   http://127.0.0.1:8000" in printed
    assert "Network: http://192.168.1.20:8000" in printed
    assert "Network: http://10.0.0.5:8000" in printed

    cli.print_addresses(Settings(host="127.0.0.1", port=8000))
    printed = capsys.readouterr().out
    assert "Local: http://127.0.0.1:8000" in printed
    assert "Network" not in printed
    assert "scripts/serve --lan" in printed

    cli.print_addresses(Settings(host="0.0.0.0", port=9000, public_url="https://mun.example.org/"))
    printed = capsys.readouterr().out
    assert "Public:  https://mun.example.org\n" in printed
    assert "Network: http://192.168.1.20:9000" in printed


def test_serve_lan_listens_on_every_interface(
    interfaces: list[Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    interfaces.append(adapter("wlan0", "192.168.1.20"))
    ran: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: ran.update(options))
    result = CliRunner().invoke(
        cli.cli, ["serve", "--lan", "--port", "8123", "--database-url", f"sqlite:///{tmp_path}/x.db"]
    )
    assert result.exit_code == 0, result.output
    assert ran["host"] == "0.0.0.0"
    assert "Network: http://192.168.1.20:8123" in result.output


def test_the_configured_addresses_replace_the_interfaces_and_a_public_url_wins() -> None:
    settings = Settings(host="0.0.0.0", network_addresses="192.168.5.9, 10.1.1.1")  # type: ignore[arg-type]
    assert join_links.network_addresses(settings) == ["192.168.5.9", "10.1.1.1"]
    with pytest.raises(ValueError, match="http"):
        Settings(public_url="mun.example.org")


@pytest.fixture
def app_for(tmp_path: Path) -> Iterator[Any]:
    clients: list[TestClient] = []

    def make(base_url: str = "http://127.0.0.1:8000", **settings: Any) -> TestClient:
        options = {"database_url": f"sqlite:///{tmp_path}/db{len(clients)}.sqlite", **settings}
        client = TestClient(create_app(Settings(**options)), base_url=base_url)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def new_room(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/rooms", json={"scenario_id": "tutorial"})
    assert response.status_code == 201, response.text
    room: dict[str, Any] = response.json()
    return room


def test_listening_on_loopback_hands_out_loopback_and_warns(app_for: Any) -> None:
    client = app_for(host="127.0.0.1")
    code = new_room(client)["code"]
    link = client.get(f"/api/rooms/{code}/join-link").json()
    assert link["join_url"] == f"http://127.0.0.1:8000/join/{code}"
    assert link["source"] == "request"
    assert link["warning"] == "loopback"


def test_listening_on_all_interfaces_hands_out_the_network_address(
    app_for: Any, interfaces: list[Any]
) -> None:
    interfaces.extend([adapter("lo", "127.0.0.1"), adapter("wlan0", "192.168.1.20"),
                       adapter("eth0", "10.0.0.5")])
    client = app_for(host="0.0.0.0")
    code = new_room(client)["code"]
    link = client.get(f"/api/rooms/{code}/join-link").json()
    # The port is the one the request reached, the address the classroom's.
    assert link["join_url"] == f"http://192.168.1.20:8000/join/{code}"
    assert link["other_join_urls"] == [f"http://10.0.0.5:8000/join/{code}"]
    assert (link["source"], link["warning"]) == ("network", None)


def test_all_interfaces_but_no_network_says_so(app_for: Any, interfaces: list[Any]) -> None:
    interfaces.append(adapter("lo", "127.0.0.1"))
    client = app_for(host="0.0.0.0")
    code = new_room(client)["code"]
    link = client.get(f"/api/rooms/{code}/join-link").json()
    assert (link["source"], link["warning"]) == ("request", "no_network")


def test_a_public_url_is_handed_out_behind_a_proxy(app_for: Any) -> None:
    client = app_for(host="127.0.0.1", public_url="https://mun.example.org/")
    code = new_room(client)["code"]
    link = client.get(f"/api/rooms/{code}/join-link").json()
    assert link["join_url"] == f"https://mun.example.org/join/{code}"
    assert (link["source"], link["warning"]) == ("public_url", None)


def test_a_named_host_is_reachable_as_the_browser_reached_it(app_for: Any) -> None:
    client = app_for("http://teacher-laptop.local:8000", host="192.168.1.20")
    code = new_room(client)["code"]
    link = client.get(f"/api/rooms/{code}/join-link").json()
    assert link["join_url"] == f"http://teacher-laptop.local:8000/join/{code}"
    assert link["warning"] is None


def test_the_join_qr_code_carries_the_join_address(app_for: Any) -> None:
    client = app_for(host="0.0.0.0", network_addresses="192.168.1.20")
    code = new_room(client)["code"]
    response = client.get(f"/api/rooms/{code}/join-qr.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    url = f"http://192.168.1.20:8000/join/{code}"
    assert response.content == join_links.qr_svg(url, title=f"Join at {url}")
    assert re.search(rb'viewBox="0 0 \d+ \d+"', response.content)
    assert client.get("/api/rooms/ZZZZZZ/join-qr.svg").status_code == 404


def test_a_new_device_link_qr_code_is_the_chairs_only(app_for: Any) -> None:
    client = app_for()
    room = new_room(client)
    code = room["code"]
    text = f"http://192.168.1.20:8000/join/{code}#seat=secret-token"
    assert client.post(f"/api/rooms/{code}/qr.svg", json={"text": text}).status_code == 401
    student = client.post(f"/api/rooms/{code}/seats/KEN/claim", json={"display_name": "Kofi"})
    as_student = {"Authorization": f"Bearer {student.json()['token']}"}
    forbidden = client.post(f"/api/rooms/{code}/qr.svg", json={"text": text}, headers=as_student)
    assert forbidden.status_code == 403
    as_chair = {"Authorization": f"Bearer {room['chair_key']}"}
    answer = client.post(f"/api/rooms/{code}/qr.svg", json={"text": text}, headers=as_chair)
    assert answer.status_code == 200
    assert answer.content == join_links.qr_svg(text, title="New device link")
    too_long = client.post(f"/api/rooms/{code}/qr.svg", json={"text": "x" * 1001}, headers=as_chair)
    assert too_long.status_code == 422


def test_every_page_knows_the_join_address(app_for: Any) -> None:
    client = app_for(host="0.0.0.0", network_addresses="192.168.1.20")
    code = new_room(client)["code"]
    for path in ("/", "/new", f"/join/{code}", f"/room/{code}", f"/chair/{code}",
                 f"/projector/{code}"):
        page = client.get(path).text
        embedded = re.search(r'<script type="application/json" id="plenary-join">(.*?)</script>',
                             page)
        assert embedded, path
        join = json.loads(embedded.group(1))
        assert join["base_url"] == "http://192.168.1.20:8000", path
        assert join["warning"] is None
    projector = client.get(f"/projector/{code}").text
    assert f"http://192.168.1.20:8000/join/{code}" in projector
