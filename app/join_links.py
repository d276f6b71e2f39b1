"""Addresses a classroom's devices can reach: what ``plenary serve`` prints, the join address
every page shows, and QR codes (SVG, drawn by segno) that carry them.

A join address is, in this order: the configured public URL (``PLENARY_PUBLIC_URL``, for a
server behind a proxy), else this computer's network address when the server listens on all
interfaces, else the host the browser used. Only that last one can be a loopback address that
no student's device can open; pages then warn the chair.
"""

from __future__ import annotations

import io
import ipaddress
from dataclasses import dataclass
from typing import Annotated, Literal

import ifaddr
import segno
from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from app.errors import error_responses
from app.rooms.endpoints import Rooms, Token
from app.security import normalise_room_code
from app.settings import Settings

ALL_INTERFACES = ("0.0.0.0", "::", "")
# Virtual adapters (containers, VMs, VPNs) rarely reach a classroom's Wi-Fi: listed last.
VIRTUAL_ADAPTERS = ("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "utun", "tun", "tap")
Warning = Literal["loopback", "no_network"]


def listens_on_all_interfaces(host: str) -> bool:
    return host.strip("[]") in ALL_INTERFACES


def is_loopback_host(host: str) -> bool:
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _rank(adapter_name: str, address: ipaddress.IPv4Address) -> tuple[int, int]:
    virtual = adapter_name.lower().startswith(VIRTUAL_ADAPTERS)
    return (1 if virtual else 0, 0 if address.is_private else 1)


def interface_addresses() -> list[str]:
    """This computer's IPv4 addresses on a network (no loopback, no link-local), the likeliest
    classroom one first: physical adapters before virtual ones, private ranges first."""
    found: list[tuple[tuple[int, int], int, str]] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if not ip.is_IPv4 or not isinstance(ip.ip, str):
                continue
            address = ipaddress.IPv4Address(ip.ip)
            if address.is_loopback or address.is_link_local or address.is_unspecified:
                continue
            found.append((_rank(adapter.name, address), len(found), str(address)))
    return list(dict.fromkeys(address for _, _, address in sorted(found)))


def network_addresses(settings: Settings) -> list[str]:
    """The addresses handed out to devices on the network: the configured ones, else those of
    this computer's interfaces."""
    if settings.network_addresses:
        return list(settings.network_addresses)
    return interface_addresses()


def origin(scheme: str, host: str, port: int | None) -> str:
    """``http://192.168.1.20:8000``; an IPv6 address in brackets, a default port left out."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" if port in (None, default) else f"{scheme}://{host}:{port}"


def served_addresses(settings: Settings) -> list[tuple[str, str]]:
    """What ``plenary serve`` prints, as (label, address): where this computer opens it, every
    network address, and the public URL when one is set."""
    port = settings.port
    host = settings.host
    lines: list[tuple[str, str]] = []
    if settings.public_url:
        lines.append(("Public", settings.public_url.rstrip("/")))
    if listens_on_all_interfaces(host):
        lines.append(("Local", origin("http", "127.0.0.1", port)))
        lines.extend(
            ("Network", origin("http", address, port)) for address in network_addresses(settings)
        )
    elif is_loopback_host(host):
        lines.append(("Local", origin("http", host, port)))
    else:
        lines.append(("Network", origin("http", host, port)))
    return lines


@dataclass(frozen=True)
class JoinBase:
    """Where devices open Plenary, as pages show it."""

    url: str
    source: Literal["public_url", "network", "request"]
    others: tuple[str, ...]
    warning: Warning | None

    def join_url(self, code: str) -> str:
        return f"{self.url}/join/{code}"


def join_base(settings: Settings, request: Request) -> JoinBase:
    scheme = request.url.scheme
    if settings.public_url:
        return JoinBase(settings.public_url.rstrip("/"), "public_url", (), None)
    # The port this connection reached: the one the server listens on.
    server = request.scope.get("server")
    port = int(server[1]) if server and server[1] else settings.port
    if listens_on_all_interfaces(settings.host):
        addresses = network_addresses(settings)
        if addresses:
            bases = [origin(scheme, address, port) for address in addresses]
            return JoinBase(bases[0], "network", tuple(bases[1:]), None)
        warning: Warning | None = "no_network"
    else:
        warning = "loopback"
    seen = str(request.base_url).rstrip("/")
    hostname = request.url.hostname or ""
    return JoinBase(seen, "request", (), warning if is_loopback_host(hostname) else None)


def qr_svg(text: str, *, title: str) -> bytes:
    """A QR code (never a Micro QR, which phone cameras do not read) as a scalable SVG with a
    white quiet zone, so it scans on the dark projector too."""
    code = segno.make_qr(text, error="m")
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=1,
        border=4,
        xmldecl=False,
        svgns=True,
        omitsize=True,
        dark="#000",
        light="#fff",
        title=title,
        svgclass=None,
        lineclass=None,
    )
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Endpoints
# ---------------------------------------------------------------------------------------------

router = APIRouter(prefix="/api/rooms", tags=["join links"])
ROOM = error_responses(404, 429)
SVG_HEADERS = {"Cache-Control": "no-cache"}
MAX_QR_TEXT = 1_000


def get_settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsOf = Annotated[Settings, Depends(get_settings_of)]


class JoinLinkResponse(BaseModel):
    join_url: str = Field(
        description="The address students open, e.g. 'http://192.168.1.20:8000/join/K7QXM2'."
    )
    base_url: str = Field(description="Where Plenary is reached, e.g. 'http://192.168.1.20:8000'.")
    other_join_urls: list[str] = Field(
        description="The join address on this computer's other networks, if it is on several."
    )
    source: Literal["public_url", "network", "request"] = Field(
        description="'public_url' (PLENARY_PUBLIC_URL), 'network' (the server listens on all "
        "interfaces) or 'request' (the address this browser used)."
    )
    warning: Warning | None = Field(
        description="'loopback': only this computer can open the address (the server listens "
        "on loopback); 'no_network': it listens on all interfaces but this computer has no "
        "network address; null when devices on the network can open it."
    )
    qr_url: str = Field(description="The join address as a QR code (SVG).")


class QrRequest(BaseModel):
    text: str = Field(max_length=MAX_QR_TEXT, description="What the QR code carries.")


@router.get("/{code}/join-link", response_model=JoinLinkResponse, responses=ROOM)
async def join_link(
    code: str, request: Request, rooms: Rooms, settings: SettingsOf
) -> JoinLinkResponse:
    """The address students join this room at, reachable from their devices where possible."""
    runtime = await rooms.runtime(normalise_room_code(code))
    base = join_base(settings, request)
    return JoinLinkResponse(
        join_url=base.join_url(runtime.code),
        base_url=base.url,
        other_join_urls=[f"{other}/join/{runtime.code}" for other in base.others],
        source=base.source,
        warning=base.warning,
        qr_url=f"/api/rooms/{runtime.code}/join-qr.svg",
    )


@router.get(
    "/{code}/join-qr.svg",
    response_class=Response,
    responses={**ROOM, 200: {"content": {"image/svg+xml": {}}}},
)
async def join_qr(code: str, request: Request, rooms: Rooms, settings: SettingsOf) -> Response:
    """The room's join address (as ``join-link`` gives it) as a QR code."""
    runtime = await rooms.runtime(normalise_room_code(code))
    url = join_base(settings, request).join_url(runtime.code)
    return Response(
        qr_svg(url, title=f"Join at {url}"), media_type="image/svg+xml", headers=SVG_HEADERS
    )


@router.post(
    "/{code}/qr.svg",
    response_class=Response,
    responses={
        **error_responses(400, 401, 403, 404, 413, 422, 429),
        200: {"content": {"image/svg+xml": {}}},
    },
)
async def chair_qr(
    code: str, body: Annotated[QrRequest, Body()], rooms: Rooms, token: Token
) -> Response:
    """Any text as a QR code, for the chair (a new-device link carries a seat token, so it is
    sent in the body, never in an address the server logs)."""
    runtime = await rooms.runtime(normalise_room_code(code))
    await rooms.require_chair(runtime, token)
    return Response(
        qr_svg(body.text, title="New device link"),
        media_type="image/svg+xml",
        headers={"Cache-Control": "no-store"},
    )
