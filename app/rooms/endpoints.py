"""Thin HTTP and WebSocket endpoints of the rooms domain."""

from __future__ import annotations

import contextlib
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, WebSocket
from fastapi.responses import PlainTextResponse, Response
from starlette.datastructures import UploadFile
from starlette.websockets import WebSocketDisconnect

from app.errors import InvalidInput, PlenaryError, error_responses
from app.i18n.catalogues import DEFAULT_LANGUAGE, normalise
from app.protocol import (
    CLOSE_BAD_HELLO,
    CLOSE_ROOM_NOT_FOUND,
    CLOSE_TOO_MANY_CONNECTIONS,
    CLOSE_UNAUTHORIZED,
)
from app.request_body import json_body
from app.rooms.connection import LiveConnection, close_with, read_hello
from app.rooms.export import export_markdown, export_record
from app.rooms.lifecycle import expires_at
from app.rooms.runtime import RoomRuntime
from app.rooms.schemas import (
    ClaimSeatRequest,
    CoChairResponse,
    CreatedRoomResponse,
    CreateRoomRequest,
    IssuedRoleResponse,
    IssuedSeatResponse,
    JoinRoleRequest,
    LanguageRequest,
    LockRequest,
    RenameSeatRequest,
    RoomStateResponse,
    RoomSummary,
    ScreensResponse,
    SeatResponse,
    SpectatorsRequest,
    WhoAmIResponse,
)
from app.rooms.secrecy import audience_of_request
from app.rooms.service import RoomService
from app.scenarios.service import ScenarioCatalog, load_uploaded_scenario
from app.settings import Settings

router = APIRouter(prefix="/api/rooms", tags=["rooms"])

# Every route's error statuses, listed in the OpenAPI document (docs/protocol.md, HTTP API).
# 404: no such room; 429: too many unknown room codes from this network (app/http_guard.py).
ROOM = error_responses(404, 429)
CHAIR = error_responses(401, 403, 404, 429)
BODY = error_responses(400, 413, 422)
websocket_router = APIRouter(tags=["live"])


def get_rooms(request: Request) -> RoomService:
    service: RoomService = request.app.state.rooms
    return service


def get_catalog(request: Request) -> ScenarioCatalog:
    catalog: ScenarioCatalog = request.app.state.catalog
    return catalog


def get_settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def bearer(authorization: Annotated[str | None, Header()] = None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


Rooms = Annotated[RoomService, Depends(get_rooms)]
Token = Annotated[str | None, Depends(bearer)]


def _links(code: str) -> dict[str, str]:
    return {
        "join_url": f"/join/{code}",
        "room_url": f"/room/{code}",
        "projector_url": f"/projector/{code}",
    }


# Scenario and forum ids are short slugs; a longer one is refused before it can be echoed back.
MAX_ID_LENGTH = 100


def _short_field(field: str, value: str) -> str:
    if len(value) > MAX_ID_LENGTH:
        raise InvalidInput(
            f"{field} can be at most {MAX_ID_LENGTH} characters; this one has {len(value)}. "
            "Use an id from GET /api/scenarios.",
            code="field_too_long",
            extra={"field": field, "max_length": MAX_ID_LENGTH},
        )
    return value


CREATE_ROOM_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": CreateRoomRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "Scenario YAML",
                        },
                        "forum_id": {"type": "string"},
                        "variant_id": {"type": "string"},
                    },
                }
            },
        },
    }
}


@router.post(
    "",
    status_code=201,
    response_model=CreatedRoomResponse,
    openapi_extra=CREATE_ROOM_BODY,
    responses=error_responses(400, 404, 413, 422, 429, 503),
)
async def create_room(
    request: Request,
    rooms: Rooms,
    catalog: Annotated[ScenarioCatalog, Depends(get_catalog)],
    settings: Annotated[Settings, Depends(get_settings_of)],
) -> CreatedRoomResponse:
    """Create a room from a bundled scenario (JSON) or an uploaded YAML (multipart ``file``)."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        forum_id = form.get("forum_id") or None
        variant_field = form.get("variant_id") or None
        if not isinstance(upload, UploadFile):
            raise InvalidInput(
                "Attach the scenario YAML as the form field 'file'.", code="file_required"
            )
        forum = _short_field("forum_id", str(forum_id)) if forum_id else None
        variant = _short_field("variant_id", str(variant_field)) if variant_field else None
        content = await upload.read(settings.max_upload_bytes + 1)
        scenario = load_uploaded_scenario(upload.filename, content, settings.max_upload_bytes)
    else:
        body = await json_body(
            request, CreateRoomRequest, '{"scenario_id": "...", "forum_id": null}',
            ", or upload a file",
        )
        scenario = catalog.get(_short_field("scenario_id", body.scenario_id))
        forum = _short_field("forum_id", body.forum_id) if body.forum_id is not None else None
        variant = (
            _short_field("variant_id", body.variant_id) if body.variant_id is not None else None
        )
    creator = request.client.host if request.client else None
    created = await rooms.create_room(scenario, forum, variant_id=variant, creator=creator)
    return CreatedRoomResponse(
        code=created.code,
        title=created.title,
        chair_key=created.chair_key,
        chair_url=f"/chair/{created.code}#key={created.chair_key}",
        **{
            **_links(created.code),
            "projector_url": _projector_url(created.code, created.projector_key),
        },
    )


def _projector_url(code: str, key: str) -> str:
    return f"/projector/{code}#key={key}"


@router.get("/{code}", response_model=RoomSummary, responses=ROOM)
async def room_summary(code: str, rooms: Rooms) -> RoomSummary:
    runtime = await rooms.runtime(code)
    room = runtime.room
    return RoomSummary(
        code=room.code,
        title=room.title,
        scenario_id=room.scenario_id,
        forum_id=room.forum_id,
        variant_id=room.variant_id,
        locked=room.locked,
        closed=room.closed,
        seq=runtime.seq,
        language=room.language,
        expires_at=expires_at(room, rooms.settings),
    )


@router.get("/{code}/seats", response_model=list[SeatResponse], responses=ROOM)
async def list_seats(code: str, rooms: Rooms) -> list[dict[str, Any]]:
    runtime = await rooms.runtime(code)
    return runtime.seat_list()


@router.post(
    "/{code}/seats/{actor}/claim",
    response_model=IssuedSeatResponse,
    responses=error_responses(400, 404, 409, 410, 413, 422, 423, 429),
)
async def claim_seat(
    code: str, actor: str, body: ClaimSeatRequest, rooms: Rooms
) -> IssuedSeatResponse:
    runtime = await rooms.runtime(code)
    issued = await rooms.seats.claim(
        runtime, actor, body.display_name, co_delegate=body.co_delegate
    )
    return IssuedSeatResponse(
        actor=issued.actor,
        token=issued.token,
        room_url=f"/room/{runtime.code}",
        student=issued.student,
    )


@router.post(
    "/{code}/roles/{role}/join",
    response_model=IssuedRoleResponse,
    responses=error_responses(400, 404, 409, 410, 413, 422, 423, 429),
)
async def join_role(
    code: str, role: str, body: JoinRoleRequest, rooms: Rooms
) -> IssuedRoleResponse:
    """Take a role without a seat (rapporteur): the room reads as the projector shows it, and
    the token writes the rapporteur's report and reflections (at most 4 such roles a room)."""
    runtime = await rooms.runtime(code)
    issued = await rooms.seats.join_role(runtime, role, body.display_name)
    return IssuedRoleResponse(
        role=issued.role, student=issued.student, token=issued.token,
        room_url=f"/room/{runtime.code}",
    )


@router.get(
    "/{code}/state", response_model=RoomStateResponse, responses=error_responses(401, 404, 429)
)
async def room_state(code: str, rooms: Rooms, token: Token) -> RoomStateResponse:
    """The room as the caller may see it: a seat token, the chair key, or nothing (public)."""
    runtime = await rooms.runtime(code)
    identity = await rooms.identify(runtime, token)
    batch = runtime.latest
    return RoomStateResponse(
        seq=batch.seq,
        role=identity.role,
        viewer=identity.viewer,
        seat=identity.actor,
        server_time=time.time(),
        view=batch.view(audience_of_request(identity)),
    )


@router.get(
    "/{code}/me", response_model=WhoAmIResponse, responses=error_responses(401, 404, 429)
)
async def who_am_i(code: str, rooms: Rooms, token: Token) -> WhoAmIResponse:
    runtime = await rooms.runtime(code)
    identity = await rooms.identify(runtime, token)
    seat = runtime.seats.get(identity.actor or "")
    student = runtime.students.get(identity.student or "")
    name = student.display_name if student is not None else None
    return WhoAmIResponse(
        role=identity.role,
        actor=identity.actor,
        display_name=name if student is not None else (seat.display_name if seat else None),
        student=identity.student,
        student_role=student.role if student is not None else None,
    )


# Chair


async def _chair_runtime(
    code: str, rooms: RoomService, token: str | None, *, main_chair: bool = False
) -> RoomRuntime:
    """The room, once ``token`` is its chair key (``main_chair``: not a co-chair's)."""
    runtime = await rooms.runtime(code)
    await rooms.require_chair(runtime, token, main_chair=main_chair)
    return runtime


@router.patch("/{code}/seats/{actor}", response_model=SeatResponse, responses={**CHAIR, **BODY})
async def rename_seat(
    code: str, actor: str, body: RenameSeatRequest, rooms: Rooms, token: Token
) -> dict[str, Any]:
    runtime = await _chair_runtime(code, rooms, token)
    return await rooms.seats.rename(runtime, actor, body.display_name)


@router.post("/{code}/seats/{actor}/release", response_model=SeatResponse, responses=CHAIR)
async def release_seat(code: str, actor: str, rooms: Rooms, token: Token) -> dict[str, Any]:
    runtime = await _chair_runtime(code, rooms, token)
    return await rooms.seats.release(runtime, actor)


@router.post(
    "/{code}/seats/{actor}/reassign",
    response_model=IssuedSeatResponse,
    responses={**CHAIR, **error_responses(409)},
)
async def reassign_seat(code: str, actor: str, rooms: Rooms, token: Token) -> IssuedSeatResponse:
    runtime = await _chair_runtime(code, rooms, token)
    issued = await rooms.seats.reassign(runtime, actor)
    return IssuedSeatResponse(
        actor=issued.actor, token=issued.token, room_url=f"/room/{runtime.code}"
    )


@router.post("/{code}/lock", response_model=RoomSummary, responses={**CHAIR, **BODY})
async def lock_room(code: str, body: LockRequest, rooms: Rooms, token: Token) -> RoomSummary:
    runtime = await _chair_runtime(code, rooms, token)
    await rooms.set_locked(runtime, body.locked)
    return await room_summary(code, rooms)


@router.post("/{code}/close", response_model=RoomSummary, responses=CHAIR)
async def close_room(code: str, rooms: Rooms, token: Token) -> RoomSummary:
    runtime = await _chair_runtime(code, rooms, token)
    await rooms.close_room(runtime)
    return await room_summary(code, rooms)


@router.post("/{code}/language", response_model=RoomSummary, responses={**CHAIR, **BODY})
async def set_language(
    code: str, body: LanguageRequest, rooms: Rooms, token: Token
) -> RoomSummary:
    """The room's default language: the projector shows it (within 15 seconds), and so does
    every device that has not chosen its own language."""
    runtime = await _chair_runtime(code, rooms, token)
    await rooms.set_language(runtime, body.language)
    return await room_summary(code, rooms)


@router.post("/{code}/cochairs", response_model=CoChairResponse, responses=CHAIR)
async def add_cochair(code: str, rooms: Rooms, token: Token) -> CoChairResponse:
    runtime = await _chair_runtime(code, rooms, token)
    key = await rooms.add_cochair(runtime)
    return CoChairResponse(chair_key=key, chair_url=f"/chair/{runtime.code}#key={key}")


@router.delete("/{code}", status_code=204, responses=CHAIR)
async def delete_room(code: str, rooms: Rooms, token: Token) -> Response:
    """Delete the room and everything in it (seats, names, notes, the record), at once. Only
    the main chair key may (not a co-chair's)."""
    runtime = await _chair_runtime(code, rooms, token, main_chair=True)
    await rooms.delete_room(runtime)
    return Response(status_code=204)


@router.get("/{code}/screens", response_model=ScreensResponse, responses=CHAIR)
async def screens(code: str, rooms: Rooms, token: Token) -> ScreensResponse:
    """The projector link and the read-only screens open on this worker."""
    runtime = await _chair_runtime(code, rooms, token)
    key = runtime.room.projector_key
    return ScreensResponse(
        projector_url=_projector_url(runtime.code, key) if key else None,
        projectors=runtime.role_count("projector"),
        spectators=runtime.role_count("spectator"),
        spectators_allowed=runtime.room.spectators_allowed,
    )


@router.post("/{code}/projector", response_model=ScreensResponse, responses=CHAIR)
async def new_projector_link(code: str, rooms: Rooms, token: Token) -> ScreensResponse:
    """A new projector link (the room's first, for rooms made before projector links); the old
    one stops working at once and its screens are closed with 4001."""
    runtime = await _chair_runtime(code, rooms, token, main_chair=True)
    await rooms.new_projector_key(runtime)
    return await screens(code, rooms, token)


@router.post(
    "/{code}/spectators", response_model=ScreensResponse, responses={**CHAIR, **BODY}
)
async def allow_spectators(
    code: str, body: SpectatorsRequest, rooms: Rooms, token: Token
) -> ScreensResponse:
    """``{"allowed": false}`` closes every read-only screen but the projector link's, on every
    worker, and refuses new ones; ``true`` lets anyone with the room code watch again."""
    runtime = await _chair_runtime(code, rooms, token)
    await rooms.allow_spectators(runtime, body.allowed)
    return await screens(code, rooms, token)


@router.get("/{code}/export.json", responses=CHAIR)
async def export_json(code: str, rooms: Rooms, token: Token) -> dict[str, Any]:
    runtime = await _chair_runtime(code, rooms, token)
    events = await rooms.all_events(runtime)
    return export_record(
        runtime.room, list(runtime.seats.values()), events, runtime.state, runtime.seq
    )


@router.get(
    "/{code}/export.md",
    response_class=PlainTextResponse,
    responses={
        200: {"content": {"text/markdown": {}}, "description": "The transcript, as a file."},
        **CHAIR,
        **error_responses(422),
    },
)
async def export_md(
    code: str,
    rooms: Rooms,
    token: Token,
    notes: Annotated[bool, Query(description="Include private notes in the transcript.")] = False,
    lang: Annotated[
        str, Query(description="The transcript's language: ar, zh, en, fr, ru or es.")
    ] = "en",
) -> Response:
    runtime = await _chair_runtime(code, rooms, token)
    events = await rooms.all_events(runtime)
    text = export_markdown(
        runtime.room,
        list(runtime.seats.values()),
        events,
        runtime.state,
        include_notes=notes,
        lang=normalise(lang) or DEFAULT_LANGUAGE,
    )
    return PlainTextResponse(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="plenary-{runtime.code}.md"'},
    )


# Live


@websocket_router.websocket("/ws/rooms/{code}")
async def live_room(websocket: WebSocket, code: str) -> None:
    """The room's WebSocket; see docs/protocol.md."""
    rooms: RoomService = websocket.app.state.rooms
    settings: Settings = websocket.app.state.settings
    limits = rooms.connection_limits
    address = websocket.client.host if websocket.client else "unknown"
    await websocket.accept()
    # Counted from the handshake on: sockets that never say hello hold memory too.
    crowded = limits.open_address(address)
    if crowded is not None:
        await close_with(websocket, CLOSE_TOO_MANY_CONNECTIONS, crowded.reason)
        return
    try:
        await _serve_live_room(websocket, code, rooms, settings)
    finally:
        limits.close_address(address)


async def _serve_live_room(
    websocket: WebSocket, code: str, rooms: RoomService, settings: Settings
) -> None:
    try:
        hello = await read_hello(websocket, settings)
    except ValueError as bad:
        await close_with(websocket, CLOSE_BAD_HELLO, str(bad))
        return
    except WebSocketDisconnect:
        return
    try:
        runtime = await rooms.runtime(code)
    except PlenaryError as missing:
        await close_with(websocket, CLOSE_ROOM_NOT_FOUND, f"{missing.code}: {missing.message}")
        return
    try:
        identity = await rooms.identify(runtime, hello.token)
    except PlenaryError as refused:
        await close_with(websocket, CLOSE_UNAUTHORIZED, f"{refused.code}: {refused.message}")
        return
    if identity.role == "chair":
        await rooms.chair_seen(runtime)
    limits = rooms.connection_limits
    full = limits.join(
        runtime.room_id, identity, websocket, spectators_allowed=runtime.room.spectators_allowed
    )
    if full is not None:
        await close_with(websocket, full.code, full.reason)
        return
    try:
        connection = LiveConnection(
            websocket,
            runtime,
            identity,
            settings,
            hello=hello,
            seat_commands=limits.command_bucket(runtime.room_id, identity),
        )
        with contextlib.suppress(WebSocketDisconnect):
            await connection.run(hello.last_seq)
    finally:
        limits.leave(runtime.room_id, identity, websocket)
