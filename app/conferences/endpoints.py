"""Thin HTTP and WebSocket endpoints of conferences (see docs/conference.md, docs/protocol.md)."""

from __future__ import annotations

import base64
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, WebSocket
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile
from starlette.websockets import WebSocketDisconnect

from app.conferences.live import SecretariatWatch
from app.conferences.plan import ConferencePlan, parse_plan, parse_plan_json
from app.conferences.service import Committee, ConferenceService
from app.errors import InvalidInput, PlenaryError, RequestTooLarge, error_responses
from app.join_links import join_base, qr_svg
from app.protocol import CLOSE_BAD_HELLO, CLOSE_ROOM_NOT_FOUND, CLOSE_UNAUTHORIZED
from app.rooms.connection import close_with, read_hello
from app.rooms.endpoints import Token
from app.security import secret_matches
from app.settings import Settings

router = APIRouter(prefix="/api/conferences", tags=["conferences"])
websocket_router = APIRouter(tags=["live"])
SECRETARIAT = error_responses(401, 403, 404, 429)


def get_conferences(request: Request) -> ConferenceService:
    service: ConferenceService = request.app.state.conferences
    return service


Conferences = Annotated[ConferenceService, Depends(get_conferences)]


class CommitteeLinks(BaseModel):
    id: str = Field(description="The committee's id in the conference file ('sc').")
    name: str
    code: str = Field(description="Its room's code.")
    projector_url: str | None
    join_url: str
    chair_url: str | None = Field(
        default=None, description="Only when the conference is created (the chair key)."
    )


class CreatedConferenceResponse(BaseModel):
    code: str
    title: str
    secretariat_key: str = Field(description="Secret. Whoever has it runs the secretariat.")
    secretariat_url: str
    committees: list[CommitteeLinks]


class ConferenceResponse(BaseModel):
    code: str
    title: str
    committees: list[CommitteeLinks]


class ChairLinkResponse(BaseModel):
    committee: str
    chair_url: str = Field(description="A new chair link; the room's old one stops chairing.")


class RosterStudent(BaseModel):
    school: str
    student: str
    committee: str
    committee_name: str
    delegation: str
    delegation_name: str
    line: int = Field(description="The student's line in the roster file.")
    link: str = Field(description="Secret: the student's own seat, on any device.")
    qr: str = Field(description="The link as a QR code: an SVG data: URL for an <img>.")
    valid: bool = Field(
        description="Whether the link still holds its seat (false once the chair released or "
        "reassigned it)."
    )


class RosterResponse(BaseModel):
    students: list[RosterStudent]


class CrisisRequest(BaseModel):
    id: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The client's id for this crisis: sending it again lands nothing twice.",
    )
    committees: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        min_length=1, max_length=50
    )
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(default="", max_length=4000)


class CrisisLandedResponse(BaseModel):
    committee: str
    seq: int | None = Field(description="The room's seq after the crisis; null if refused.")
    error: str | None = None


class CrisisResponse(BaseModel):
    landed: list[CrisisLandedResponse]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _upload(request: Request, field: str, what: str) -> tuple[bytes, str | None]:
    settings = _settings(request)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get(field)
        if not isinstance(upload, UploadFile):
            raise InvalidInput(
                f"Attach the {what} as the form field '{field}'.", code="file_required"
            )
        content = await upload.read(settings.max_upload_bytes + 1)
        filename = upload.filename
    else:
        content = await request.body()
        filename = "upload.csv" if "csv" in content_type else None
    if len(content) > settings.max_upload_bytes:
        raise RequestTooLarge(settings.max_upload_bytes)
    return content, filename


UPLOAD_CONTENT: dict[str, Any] = {
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}},
        }
    },
    "text/csv": {"schema": {"type": "string"}},
    "application/yaml": {"schema": {"type": "string"}},
}
UPLOAD_BODY = {"requestBody": {"required": True, "content": UPLOAD_CONTENT}}
CONFERENCE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            **UPLOAD_CONTENT,
            "application/json": {"schema": ConferencePlan.model_json_schema(by_alias=True)},
        },
    }
}


def _committee_links(
    conference_code: str, committees: list[Committee], *, chair_keys: dict[str, str] | None = None
) -> list[CommitteeLinks]:
    links = []
    for committee in committees:
        room = committee.room
        key = room.projector_key
        chair = (chair_keys or {}).get(committee.place.committee)
        links.append(
            CommitteeLinks(
                id=committee.place.committee,
                name=committee.place.name,
                code=room.code,
                projector_url=f"/projector/{room.code}#key={key}" if key else None,
                join_url=f"/join/{room.code}",
                chair_url=f"/chair/{room.code}#key={chair}" if chair else None,
            )
        )
    return links


@router.post(
    "",
    status_code=201,
    response_model=CreatedConferenceResponse,
    openapi_extra=CONFERENCE_BODY,
    responses=error_responses(400, 413, 422, 429, 503),
)
async def create_conference(
    request: Request, conferences: Conferences
) -> CreatedConferenceResponse:
    """A conference from its file (YAML, or CSV by a name ending in .csv): one room per
    committee, one secretariat key, one chair key per room."""
    if request.headers.get("content-type", "").startswith("application/json"):
        plan = parse_plan_json(await request.body())
    else:
        content, filename = await _upload(request, "file", "conference file")
        plan = parse_plan(content, filename)
    creator = request.client.host if request.client else None
    created = await conferences.create(plan, creator=creator)
    conference = await conferences.secretariat(created.code, created.secretariat_key)
    committees = await conferences.committees(conference)
    return CreatedConferenceResponse(
        code=created.code,
        title=created.title,
        secretariat_key=created.secretariat_key,
        secretariat_url=f"/secretariat/{created.code}#key={created.secretariat_key}",
        committees=_committee_links(
            created.code, committees, chair_keys={c.id: c.chair_key for c in created.committees}
        ),
    )


@router.get("/{code}", response_model=ConferenceResponse, responses=SECRETARIAT)
async def conference_summary(
    code: str, conferences: Conferences, token: Token
) -> ConferenceResponse:
    conference = await conferences.secretariat(code, token)
    committees = await conferences.committees(conference)
    return ConferenceResponse(
        code=conference.code,
        title=conference.title,
        committees=_committee_links(conference.code, committees),
    )


@router.post(
    "/{code}/committees/{committee}/chair-link",
    response_model=ChairLinkResponse,
    responses=SECRETARIAT,
)
async def new_chair_link(
    code: str, committee: str, conferences: Conferences, token: Token
) -> ChairLinkResponse:
    """A new chair link for one committee (its chair lost theirs); the old one stops at once."""
    conference = await conferences.secretariat(code, token)
    room_code, key = await conferences.new_chair_link(conference, committee)
    return ChairLinkResponse(committee=committee, chair_url=f"/chair/{room_code}#key={key}")


@router.post(
    "/{code}/roster",
    response_model=RosterResponse,
    openapi_extra=UPLOAD_BODY,
    responses={**SECRETARIAT, **error_responses(409, 413, 422)},
)
async def import_roster(
    code: str, request: Request, conferences: Conferences, token: Token
) -> RosterResponse:
    """Seat every student of the roster CSV (all or none); the answer is the whole roster."""
    conference = await conferences.secretariat(code, token)
    content, _filename = await _upload(request, "file", "roster CSV")
    await conferences.import_roster(conference, content)
    return await roster(code, request, conferences, token)


@router.get("/{code}/roster", response_model=RosterResponse, responses=SECRETARIAT)
async def roster(
    code: str, request: Request, conferences: Conferences, token: Token
) -> RosterResponse:
    """Every student of the roster with their seat link and its QR code."""
    conference = await conferences.secretariat(code, token)
    committees = {c.place.committee: c for c in await conferences.committees(conference)}
    base = join_base(_settings(request), request)
    students = []
    for entry in await conferences.roster(conference):
        committee = committees.get(entry.committee)
        if committee is None:
            continue
        runtime = await conferences.rooms.runtime_by_id(committee.room.id)
        seat = runtime.seats.get(entry.actor)
        link = f"{base.join_url(committee.room.code)}#seat={entry.seat_token}"
        qr = base64.b64encode(qr_svg(link, title="Seat link")).decode("ascii")
        students.append(
            RosterStudent(
                school=entry.school,
                student=entry.student,
                committee=entry.committee,
                committee_name=committee.place.name,
                delegation=entry.actor,
                delegation_name=seat.actor_name if seat else entry.actor,
                line=entry.line,
                link=link,
                qr=f"data:image/svg+xml;base64,{qr}",
                valid=seat is not None and secret_matches(entry.seat_token, seat.token_hash),
            )
        )
    return RosterResponse(students=students)


@router.post(
    "/{code}/crises",
    response_model=CrisisResponse,
    responses={**SECRETARIAT, **error_responses(422)},
)
async def fire_crisis(
    code: str, body: CrisisRequest, conferences: Conferences, token: Token
) -> CrisisResponse:
    """A crisis inject into several committees at once, stored as an event in each."""
    conference = await conferences.secretariat(code, token)
    landed = await conferences.fire_crisis(
        conference, body.id, body.committees, body.title, body.text
    )
    return CrisisResponse(
        landed=[
            CrisisLandedResponse(committee=x.committee, seq=x.seq, error=x.error) for x in landed
        ]
    )


@websocket_router.websocket("/ws/conferences/{code}")
async def live_conference(websocket: WebSocket, code: str) -> None:
    """The secretariat's socket: every committee's public view, live (docs/protocol.md)."""
    conferences: ConferenceService = websocket.app.state.conferences
    settings: Settings = websocket.app.state.settings
    limits = conferences.rooms.connection_limits
    address = websocket.client.host if websocket.client else "unknown"
    await websocket.accept()
    crowded = limits.open_address(address)
    if crowded is not None:
        await close_with(websocket, crowded.code, crowded.reason)
        return
    try:
        try:
            hello = await read_hello(websocket, settings)
        except ValueError as bad:
            await close_with(websocket, CLOSE_BAD_HELLO, str(bad))
            return
        except WebSocketDisconnect:
            return
        try:
            conference = await conferences.secretariat(code, hello.token)
        except PlenaryError as refused:
            close = CLOSE_ROOM_NOT_FOUND if refused.status_code == 404 else CLOSE_UNAUTHORIZED
            await close_with(websocket, close, f"{refused.code}: {refused.message}")
            return
        committees = await conferences.committees(conference)
        watched = [(c, await conferences.rooms.runtime_by_id(c.room.id)) for c in committees]
        frame: dict[str, object] = {
            "type": "conference",
            "server_time": time.time(),
            "code": conference.code,
            "title": conference.title,
            "committees": [
                link.model_dump() for link in _committee_links(conference.code, committees)
            ],
        }
        watch = SecretariatWatch(websocket, frame, watched)
        try:
            await watch.run()
        except WebSocketDisconnect:
            return
    finally:
        limits.close_address(address)
