"""The conferences service: creates a conference's rooms from its file, checks the secretariat
key, seats a roster, hands out chair links, and carries crossings between rooms.

Crossings: after every batch a conference room holds, ``owed_crossings`` says what its state
owes the other rooms (a veto, an adopted resolution). Each is sent as ``receive_from_conference``
to every target room, then recorded in the sending room with ``record_sent_to_conference``; both
are keyed, so a crash between the two, a retry, or two workers sending at once land it once.
A room loaded after a restart is checked at once, so nothing committed is left unsent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.conferences.crossings import Crossing, CrossingRule, Target, owed_crossings
from app.conferences.plan import ConferencePlan
from app.conferences.repository import ConferenceRepository
from app.conferences.roster import Assignment, CommitteeSeats, assign_seats, read_roster
from app.database import Database
from app.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized, shown
from app.models import Conference, ConferenceRoom, Room, RosterEntry
from app.rooms.codec import CommandRefused
from app.rooms.runtime import RoomRuntime
from app.rooms.seat_list import bot_seats
from app.rooms.service import RoomService
from app.scenarios.service import LoadedScenario, ScenarioCatalog
from app.security import hash_secret, new_room_code, new_secret, normalise_room_code, secret_matches
from game_rules.session.state import SYSTEM

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CreatedCommittee:
    id: str
    name: str
    code: str
    chair_key: str
    projector_key: str


@dataclass(frozen=True)
class CreatedConference:
    code: str
    title: str
    secretariat_key: str
    committees: tuple[CreatedCommittee, ...]


@dataclass(frozen=True)
class Committee:
    """One committee as the secretariat sees it: its place in the conference, and its room."""

    place: ConferenceRoom
    room: Room


@dataclass(frozen=True)
class _Wiring:
    """What one conference's crossings need, read once per conference and process."""

    rules: tuple[CrossingRule, ...]
    targets: dict[str, Target]


@dataclass(frozen=True)
class CrisisLanded:
    committee: str
    seq: int | None
    error: str | None = None


class ConferenceService:
    def __init__(
        self,
        db: Database,
        rooms: RoomService,
        catalog: ScenarioCatalog,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = db
        self.rooms = rooms
        self.catalog = catalog
        self.clock = clock
        self._wiring: dict[str, _Wiring] = {}
        self._places: dict[str, ConferenceRoom] = {}
        self._relaying: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self.rooms.load_listeners.append(self._room_loaded)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            try:
                await task
            except BaseException:
                continue

    # Creating

    async def create(
        self, plan: ConferencePlan, *, creator: str | None = None
    ) -> CreatedConference:
        """Every committee's room, then the conference; a problem in any committee leaves no
        room behind."""
        scenarios = [
            self._scenario_of(index, plan, self.catalog) for index in range(len(plan.committees))
        ]
        made: list[CreatedCommittee] = []
        room_ids: list[str] = []
        try:
            for committee, scenario in zip(plan.committees, scenarios, strict=True):
                room = await self.rooms.create_room(
                    scenario, committee.forum, variant_id=committee.variant, creator=creator
                )
                runtime = await self.rooms.runtime(room.code)
                room_ids.append(runtime.room_id)
                made.append(
                    CreatedCommittee(
                        id=committee.id,
                        name=committee.name,
                        code=room.code,
                        chair_key=room.chair_key,
                        projector_key=room.projector_key,
                    )
                )
        except BaseException:
            for room_id in room_ids:
                await self.rooms.delete_room_by_id(room_id)
            raise
        key = new_secret()
        crossings = json.dumps(
            [{"when": c.when, "from": c.from_, "to": list(c.to)} for c in plan.crossings]
        )
        for _attempt in range(20):
            conference = Conference(
                id=uuid.uuid4().hex,
                code=new_room_code(self.rooms.settings.room_code_length),
                title=plan.title,
                secretariat_key_hash=hash_secret(key),
                crossings=crossings,
                created_at=self.clock(),
            )
            places = [
                ConferenceRoom(
                    conference_id=conference.id,
                    committee=committee.id,
                    room_id=room_id,
                    name=committee.name,
                    position=index,
                    one_delegation_per_school=committee.one_delegation_per_school,
                )
                for index, (committee, room_id) in enumerate(
                    zip(plan.committees, room_ids, strict=True)
                )
            ]
            add = partial(_add_conference, conference=conference, places=places)
            try:
                await self.db.run(add)
            except IntegrityError:
                continue  # the code was just taken: draw another
            for place in places:
                self._places[place.room_id] = place
                loaded = next(
                    (r for r in self.rooms.loaded_runtimes() if r.room_id == place.room_id), None
                )
                if loaded is not None:
                    self._watch(loaded, place)
            return CreatedConference(conference.code, conference.title, key, tuple(made))
        raise Conflict("Could not find a free conference code; please try again.")

    @staticmethod
    def _scenario_of(index: int, plan: ConferencePlan, catalog: ScenarioCatalog) -> LoadedScenario:
        committee = plan.committees[index]
        try:
            scenario = catalog.get(committee.scenario)
        except NotFound as missing:
            raise InvalidInput(
                f"Committee {shown(committee.id)}: {missing.message}",
                code="unknown_scenario",
                extra={"committee": committee.id},
            ) from missing
        if committee.forum is not None and committee.forum not in scenario.forum_ids:
            raise InvalidInput(
                f"Committee {shown(committee.id)}: the scenario {shown(committee.scenario)} has "
                f"no forum {shown(committee.forum)}; it has {', '.join(scenario.forum_ids)}.",
                code="unknown_forum",
                extra={"committee": committee.id},
            )
        variants = scenario.variant_ids
        if committee.variant is not None and committee.variant not in variants:
            known = ", ".join(variants) if variants else "none (it runs as written)"
            raise InvalidInput(
                f"Committee {shown(committee.id)}: the scenario {shown(committee.scenario)} has "
                f"no variant {shown(committee.variant)} (its variants: {known}).",
                code="unknown_variant",
                extra={"committee": committee.id},
            )
        return scenario

    # The secretariat

    async def secretariat(self, code: str, key: str | None) -> Conference:
        """The conference, once ``key`` is its secretariat key."""
        code = normalise_room_code(code)
        conference = await self.db.run(
            lambda session: ConferenceRepository(session).conference_by_code(code)
        )
        if conference is None:
            raise NotFound(
                f"There is no conference with the code {shown(code, 'you typed')}.",
                code="conference_not_found",
            )
        if not key:
            raise Unauthorized(
                "This needs the secretariat key (Authorization: Bearer <key>).",
                code="secretariat_key_required",
            )
        if not secret_matches(key, conference.secretariat_key_hash):
            raise Forbidden(
                "This is not the secretariat key of this conference; open the secretariat link "
                "you were given when it was created.",
                code="wrong_secretariat_key",
            )
        return conference

    async def committees(self, conference: Conference) -> list[Committee]:
        rows = await self.db.run(
            lambda session: ConferenceRepository(session).committees(conference.id)
        )
        return [Committee(place, room) for place, room in rows]

    async def committee(self, conference: Conference, committee_id: str) -> Committee:
        for found in await self.committees(conference):
            if found.place.committee == committee_id:
                return found
        raise NotFound(
            f"This conference has no committee {shown(committee_id)}.",
            code="committee_not_found",
        )

    async def new_chair_link(self, conference: Conference, committee_id: str) -> tuple[str, str]:
        """A new chair key for one committee: (room code, key). The old chair link stops."""
        found = await self.committee(conference, committee_id)
        runtime = await self.rooms.runtime_by_id(found.room.id)
        return runtime.code, await self.rooms.new_chair_key(runtime)

    # Rosters

    async def import_roster(self, conference: Conference, content: bytes) -> list[RosterEntry]:
        """Seat every student of the roster, or none: each gets a seat token of their own."""
        rows = read_roster(content)
        committees = await self.committees(conference)
        by_id = {c.place.committee: c for c in committees}
        for committee in committees:
            # The seats as every worker holds them now (a student may have just joined).
            runtime = await self.rooms.runtime_by_id(committee.room.id)
            await runtime.sync()
        seats = {}
        for committee_id, committee in by_id.items():
            runtime = await self.rooms.runtime_by_id(committee.room.id)
            bots = bot_seats(runtime.state)
            setup = runtime.state.setup
            order = [d.id for d in (*setup.members, *setup.observers)]
            held = {a for a, seat in runtime.seats.items() if seat.token_hash is not None}
            seats[committee_id] = CommitteeSeats(
                name=committee.place.name,
                free=tuple(a for a in order if a in runtime.seats and a not in held | bots),
                taken=frozenset(held | bots),
                delegations=frozenset(runtime.seats),
                one_delegation_per_school=committee.place.one_delegation_per_school,
            )
        assignments = assign_seats(rows, seats)
        now = self.clock()
        entries = [
            RosterEntry(
                conference_id=conference.id,
                committee=a.committee,
                actor=a.actor,
                school=a.school,
                student=a.student,
                seat_token=new_secret(),
                line=a.line,
            )
            for a in assignments
        ]
        rooms = {committee_id: c.room.id for committee_id, c in by_id.items()}
        await self.db.run(
            partial(_seat_roster, entries=entries, assignments=assignments, rooms=rooms, now=now)
        )
        for room_id in sorted({rooms[a.committee] for a in assignments}):
            runtime = await self.rooms.runtime_by_id(room_id)
            await self.rooms.hub.announce(room_id, runtime.seq)
            await runtime.sync()
        return entries

    async def roster(self, conference: Conference) -> list[RosterEntry]:
        return await self.db.run(
            lambda session: ConferenceRepository(session).roster(conference.id)
        )

    # Crises and crossings

    async def fire_crisis(
        self,
        conference: Conference,
        request_id: str,
        committee_ids: Sequence[str],
        title: str,
        text: str,
    ) -> list[CrisisLanded]:
        """The secretariat's crisis, in every room named; ``request_id`` (the client's) keys it,
        so sending the same request again lands nothing twice."""
        committees = {c.place.committee: c for c in await self.committees(conference)}
        unknown = [c for c in committee_ids if c not in committees]
        if unknown:
            raise InvalidInput(
                f"This conference has no committee {shown(unknown[0])}; it has "
                f"{', '.join(committees)}.",
                code="committee_not_found",
            )
        landed: list[CrisisLanded] = []
        for committee_id in dict.fromkeys(committee_ids):
            runtime = await self.rooms.runtime_by_id(committees[committee_id].room.id)
            fields = {
                "type": "receive_from_conference",
                "key": f"crisis:{conference.id}:{request_id}",
                "kind": "crisis",
                "from_committee": conference.title,
                "title": title,
                "text": text,
            }
            try:
                seq = await runtime.submit_and_wait(SYSTEM, fields)
            except CommandRefused as refused:
                landed.append(
                    CrisisLanded(committee_id, None, f"{refused.code}: {refused.message}")
                )
                continue
            landed.append(CrisisLanded(committee_id, seq))
        return landed

    async def _room_loaded(self, runtime: RoomRuntime) -> None:
        place = self._places.get(runtime.room_id)
        if place is None:
            place = await self.db.run(
                lambda session: ConferenceRepository(session).place_of_room(runtime.room_id)
            )
            if place is None:
                return
            self._places[runtime.room_id] = place
        self._watch(runtime, place)

    def _watch(self, runtime: RoomRuntime, place: ConferenceRoom) -> None:
        if self._committed not in runtime.commit_listeners:
            runtime.commit_listeners.append(self._committed)
        self._committed(runtime)  # what it may owe from before a restart

    def _committed(self, runtime: RoomRuntime) -> None:
        place = self._places.get(runtime.room_id)
        if place is None or not runtime.state.results:
            return
        wiring = self._wiring.get(place.conference_id)
        if wiring is not None and not self._owed(runtime, place, wiring):
            return
        task = asyncio.create_task(self._relay(runtime, place), name=f"crossings-{runtime.code}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    def _owed(runtime: RoomRuntime, place: ConferenceRoom, wiring: _Wiring) -> list[Crossing]:
        return owed_crossings(
            runtime.room_id, place.committee, runtime.state, wiring.rules, wiring.targets
        )

    async def _wiring_of(self, conference_id: str) -> _Wiring:
        wiring = self._wiring.get(conference_id)
        if wiring is not None:
            return wiring

        def read(session: Session) -> _Wiring:
            repository = ConferenceRepository(session)
            conference = repository.conference_by_id(conference_id)
            places = repository.committees(conference_id)
            raw = json.loads(conference.crossings) if conference is not None else []
            rules = tuple(
                CrossingRule(when=r["when"], from_committee=r["from"], to_committees=tuple(r["to"]))
                for r in raw
            )
            targets = {
                place.committee: Target(place.committee, place.name, place.room_id)
                for place, _room in places
            }
            return _Wiring(rules, targets)

        wiring = await self.db.run(read)
        self._wiring[conference_id] = wiring
        return wiring

    async def _relay(self, runtime: RoomRuntime, place: ConferenceRoom) -> None:
        lock = self._relaying.setdefault(runtime.room_id, asyncio.Lock())
        async with lock:
            wiring = await self._wiring_of(place.conference_id)
            for crossing in self._owed(runtime, place, wiring):
                try:
                    await self._send(runtime, place, crossing)
                except CommandRefused as refused:
                    # Left owed: the next batch of this room, or its next load, tries again.
                    logger.warning(
                        "room %s: crossing %s not sent: %s", runtime.code, crossing.key, refused
                    )
                    return
                except Exception:
                    logger.exception("room %s: crossing %s failed", runtime.code, crossing.key)
                    return

    async def _send(self, runtime: RoomRuntime, place: ConferenceRoom, crossing: Crossing) -> None:
        for target in crossing.targets:
            other = await self.rooms.runtime_by_id(target.room_id)
            await other.submit_and_wait(
                SYSTEM,
                {
                    "type": "receive_from_conference",
                    "key": crossing.key,
                    "kind": crossing.kind,
                    "from_committee": place.name,
                    "title": crossing.title,
                    "text": crossing.text,
                },
            )
        await runtime.submit_and_wait(
            SYSTEM,
            {
                "type": "record_sent_to_conference",
                "key": crossing.key,
                "kind": crossing.kind,
                "to_committees": [t.name for t in crossing.targets],
                "title": crossing.title,
            },
        )


def _add_conference(
    session: Session, *, conference: Conference, places: list[ConferenceRoom]
) -> None:
    ConferenceRepository(session).add_conference(conference, places)


def _seat_roster(
    session: Session,
    *,
    entries: list[RosterEntry],
    assignments: list[Assignment],
    rooms: dict[str, str],
    now: float,
) -> None:
    repository = ConferenceRepository(session)
    for entry, assignment in zip(entries, assignments, strict=True):
        given = repository.give_free_seat(
            rooms[assignment.committee],
            assignment.actor,
            hash_secret(entry.seat_token),
            assignment.student,
            now,
        )
        if not given:
            # Rolled back whole: nobody of this roster is seated.
            raise Conflict(
                f"Line {assignment.line}: {assignment.actor} was taken a moment ago (a student "
                "joined it); import the roster again.",
                code="seat_taken",
            )
    repository.add_roster_entries(entries)
