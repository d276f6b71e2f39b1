"""Fan-out: committed batches, encoded once for every connection that sees them alike.

After each commit the writer hands one ``CommittedBatch`` to every connection of the room
(``Fanout``). An event every viewer sees alike is encoded once for all; the public view is
encoded once per batch, and only in the parts that changed (``ViewEncoder``); a state patch's
public part is one text for every connection that holds the same base; a seat's private part
(``me``) is rebuilt only when the batch may have changed it (``PrivateParts``), so a ballot
rebuilds its voter's and the chair's, not the other 499. ``StateFrames`` turns these texts into
a connection's ``state`` frames, whole or as patches on the view its client holds, and
``ViewBudget`` caps the CPU a room's views take, so views never hold up events.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from app.metrics import CONNECTIONS
from app.rooms.secrecy import NO_BRIEFS, Audience, SecretBriefs
from app.rooms.wire import (
    SharedText,
    dumps,
    event_frame,
    events_frame,
    join_parts,
    join_view,
    state_frame,
    state_patch_frame,
)
from game_rules.engine.views import (
    private_view,
    private_views_changed,
    public_view,
    view_event,
)
from game_rules.session.events import Event
from game_rules.session.state import CHAIR, PUBLIC, SYSTEM, SessionState

NOTE_EVENTS = frozenset({"note_sent", "note_moderated"})
# What a part built for the room's states is timed with: CPU time, since on a busy machine wall
# time counts other processes' turns and starves the room's states. Reading it is a system call
# (about 1 µs here), so it times what is built once per batch, never each connection's state.
_build_clock = time.thread_time
# At most this share of one core goes to building state views for one room, so that in a big
# room the per-seat views (hundreds of them) never hold up events and acks.
STATE_VIEW_CPU_SHARE = 0.25
# A quiet room may spend this much CPU on views at once (the leading edge of a small room).
STATE_VIEW_BURST_SECONDS = 0.05


class CommittedEvent:
    """One stored event, with its frame made once when every viewer sees it alike."""

    __slots__ = ("_shared", "_uniform", "event", "seq", "state")

    def __init__(self, seq: int, event: Event, state: SessionState | None = None) -> None:
        self.seq = seq
        self.event = event
        # The state the event is narrated against (names and titles for its ``say``).
        self.state = state
        self._uniform: bool | None = None
        self._shared: str | None = None

    @property
    def is_note(self) -> bool:
        return getattr(self.event, "type", "") in NOTE_EVENTS

    def frame_for(self, audience: Audience) -> str | None:
        """The ``event`` frame this audience gets, or None when it may not see the event."""
        if audience.hide_notes and self.is_note:
            return None
        if self._uniform is None:
            seen_by_public = view_event(self.event, PUBLIC, self.state)
            # Visibility only grows from public to a delegate to the chair, so when the public
            # sees all the chair sees, every viewer gets the same text.
            self._uniform = seen_by_public is not None and seen_by_public == view_event(
                self.event, CHAIR, self.state
            )
            if self._uniform and seen_by_public is not None:
                self._shared = SharedText(event_frame(self.seq, seen_by_public))
        if self._uniform:
            return self._shared
        seen = view_event(self.event, audience.viewer, self.state)
        return None if seen is None else event_frame(self.seq, seen)

    def shared_frame(self) -> str | None:
        """The frame every viewer gets alike (notes hidden aside), or None when they differ."""
        if self._uniform is None:
            self.frame_for(Audience(PUBLIC))
        return self._shared


class ViewEncoder:
    """``dumps`` for the successive public views of one room, reusing the text of every part
    that is the very same object as in the view before.

    ``public_view`` hands back the same objects for parts that did not change (the delegations
    of a room of hundreds, the world, the voters), so a ballot re-encodes only what it changed.
    The text is exactly ``dumps(view)``: objects are joined with the same separators."""

    # Objects this deep are encoded part by part; deeper ones whole.
    DEPTH = 2

    def __init__(self) -> None:
        # The path of a part -> (the object last seen there, its text). Holding the object
        # keeps its id from being reused by another.
        self._parts: dict[tuple[str, ...], tuple[Any, str, dict[str, str] | None]] = {}

    def encode(self, view: dict[str, Any]) -> str:
        return self._encode(view, (), self.DEPTH + 1)

    def encode_parts(self, view: dict[str, Any]) -> dict[str, str]:
        """The text of each top-level part; unchanged parts give back the very same str, so
        comparing two views' parts costs an identity check each (see ``StateFrames``)."""
        return self.encode_parts_deep(view)[0]

    def encode_parts_deep(
        self, view: dict[str, Any]
    ) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
        """``encode_parts``, and for each part that is an object the text of each of its keys
        (what ``deep_patches`` compare), the same str objects while unchanged."""
        texts: dict[str, str] = {}
        deep: dict[str, dict[str, str]] = {}
        for key, item in view.items():
            text, inner = self._encode_kept((key,), item, self.DEPTH)
            texts[key] = text
            if inner is not None:
                deep[key] = inner
        return texts, deep

    def _encode(self, value: Any, path: tuple[str, ...], depth: int) -> str:
        return self._encode_kept(path, value, depth)[0]

    def _encode_kept(
        self, path: tuple[str, ...], value: Any, depth: int
    ) -> tuple[str, dict[str, str] | None]:
        kept = self._parts.get(path)
        if kept is not None and kept[0] is value:
            return kept[1], kept[2]
        inner: dict[str, str] | None = None
        if depth > 0 and isinstance(value, dict) and all(isinstance(k, str) for k in value):
            inner = {
                key: self._encode(item, (*path, key), depth - 1) for key, item in value.items()
            }
            text = join_parts(inner)
        else:
            text = dumps(value)
        self._parts[path] = (value, text, inner)
        return text, inner


class PrivateParts:
    """Each audience's ``me`` text in one room, kept until a batch may have changed it.

    The engine says which delegations' private views a batch may have changed
    (``private_views_changed``): a ballot, its voter's; a vote opened, everyone's. A text built
    at seq ``b`` still holds at seq ``s`` when nothing changed that viewer's view since
    ``min(b, s)``; a lagging connection asking for an older batch gets it rebuilt, never a newer
    text. The chair's view holds every ballot and note, so it is always rebuilt."""

    def __init__(self) -> None:
        self._texts: dict[Audience, tuple[int, str]] = {}
        # The seq of the last batch that may have changed a viewer's view, or everyone's.
        self._changed_at: dict[str, int] = {}
        self._everyone_at = -1

    def changed(self, seq: int, viewers: frozenset[str] | None) -> None:
        """The batch of ``seq`` (committed after every one noted before) changed these."""
        if viewers is None:
            self._everyone_at = seq
            self._texts.clear()
            self._changed_at.clear()
            return
        for viewer in viewers:
            self._changed_at[viewer] = seq

    def get(self, audience: Audience, seq: int) -> str | None:
        kept = self._texts.get(audience)
        if kept is None or audience.viewer in (CHAIR, SYSTEM):
            return None
        built, text = kept
        last_change = max(self._everyone_at, self._changed_at.get(audience.viewer, -1))
        return text if last_change <= min(built, seq) else None

    def keep(self, audience: Audience, seq: int, text: str) -> None:
        kept = self._texts.get(audience)
        if kept is None or kept[0] <= seq:
            self._texts[audience] = (seq, text)


@dataclass(slots=True)
class _Patch:
    """A batch's state patch on one base, made once for every connection holding that base."""

    base_parts: dict[str, str]
    # The patch's text without ``me`` and its closing brace.
    head: str
    # ``head`` closed: the whole patch where ``me`` did not change.
    lone: str | None = None
    # The batch's ``events`` frame with this patch in it (None: not made yet).
    with_events: str | None = None


class CommittedBatch:
    """Events committed together and the state after them; public view serialised at most once."""

    __slots__ = (
        "_encoder",
        "_events_frame",
        "_patches",
        "_private",
        "_public_deep",
        "_public_json",
        "_public_parts",
        "_shared_frames",
        "briefs",
        "budget",
        "events",
        "seq",
        "state",
    )

    def __init__(
        self,
        seq: int,
        events: Sequence[CommittedEvent],
        state: SessionState,
        briefs: SecretBriefs = NO_BRIEFS,
        encoder: ViewEncoder | None = None,
        private: PrivateParts | None = None,
        budget: ViewBudget | None = None,
    ) -> None:
        self.seq = seq
        self.events = tuple(events)
        # Told the CPU time of every part built here for the room's states (``ViewBudget``).
        self.budget = budget
        self.state = state
        self.briefs = briefs
        self._encoder = encoder
        self._private = private
        self._public_json: str | None = None
        self._public_parts: dict[str, str] | None = None
        self._public_deep: dict[str, dict[str, str]] = {}
        # (base seq, deep) -> that patch, made once.
        self._patches: dict[tuple[int, bool], _Patch] = {}
        self._shared_frames: list[str] | Literal[False] | None = False
        self._events_frame: str | None = None

    def public_parts(self) -> dict[str, str]:
        """The JSON text of each top-level key of the public view (what state patches compare)."""
        if self._public_parts is None:
            view = public_view(self.state)
            encoder = self._encoder
            if encoder is None:
                self._public_parts = {key: dumps(item) for key, item in view.items()}
            else:
                self._public_parts, self._public_deep = encoder.encode_parts_deep(view)
        return self._public_parts

    def public_deep_parts(self) -> dict[str, dict[str, str]]:
        """For each top-level part that is an object, the text of each of its keys (none
        without a ``ViewEncoder``: such a batch's patches replace whole parts)."""
        self.public_parts()
        return self._public_deep

    def public_json(self) -> str:
        if self._public_json is None:
            self._public_json = join_parts(self.public_parts())
        return self._public_json

    def me_json(self, audience: Audience) -> str:
        """The ``me`` part of a view: the viewer's private view and its secret brief; the very
        same str as before while the room's ``PrivateParts`` says it did not change."""
        private = self._private
        if private is not None:
            kept = private.get(audience, self.seq)
            if kept is not None:
                return kept
        started = _build_clock()
        me = self._build_me(audience)
        if self.budget is not None:
            self.budget.owe(_build_clock() - started)
        if private is not None:
            private.keep(audience, self.seq, me)
        return me

    def _build_me(self, audience: Audience) -> str:
        viewer = audience.viewer
        mine = private_view(self.state, viewer) if viewer != PUBLIC else {}
        if audience.hide_notes:
            mine.pop("notes", None)
        me = dumps(mine)
        secret = self.briefs.fragment(viewer)
        if secret:
            me = "{" + secret + "}" if me == "{}" else me[:-1] + "," + secret + "}"
        return me

    def _patch(self, base: _ShownView, deep: bool) -> _Patch:
        kept = self._patches.get((base.seq, deep))
        if kept is not None and kept.base_parts is base.parts:
            return kept
        started = _build_clock()
        made = self._make_patch(base, deep)
        if self.budget is not None:
            self.budget.owe(_build_clock() - started)
        self._patches[(base.seq, deep)] = made
        return made

    def _make_patch(self, base: _ShownView, deep: bool) -> _Patch:
        parts = self.public_parts()
        base_parts = base.parts
        patch: dict[str, str] = {}
        merge: dict[str, dict[str, str]] = {}
        deep_parts, base_deep = self._public_deep, base.deep
        for key, text in parts.items():
            old = base_parts.get(key)
            # Unchanged parts are the very same str (``ViewEncoder``): mostly identity checks.
            if old is text or old == text:
                continue
            inner, old_inner = deep_parts.get(key), base_deep.get(key)
            if deep and inner is not None and old_inner is not None and (
                inner.keys() == old_inner.keys()
            ):
                changed = {
                    name: part
                    for name, part in inner.items()
                    if old_inner[name] is not part and old_inner[name] != part
                }
                if changed:
                    merge[key] = changed
            else:
                patch[key] = text
        removed = [key for key in base_parts if key not in parts]
        head = state_patch_frame(self.seq, base.seq, patch, removed, None, merge)[:-1]
        return _Patch(base_parts, head)

    def patch_head(self, base: _ShownView, deep: bool = False) -> str:
        """The public part of a state patch on the view ``base`` holds: made once for every
        connection holding that base; ends before ``me``."""
        return self._patch(base, deep).head

    def lone_patch(self, base: _ShownView, deep: bool = False) -> str:
        """The whole patch on ``base`` where ``me`` did not change: one text for all."""
        made = self._patch(base, deep)
        if made.lone is None:
            made.lone = SharedText(made.head + "}")
        return made.lone

    def shared_frames(self) -> list[str] | None:
        """The frames of this batch's events where every viewer gets the very same ones (notes
        hidden aside), or None."""
        if self._shared_frames is False:
            frames = [committed.shared_frame() for committed in self.events]
            self._shared_frames = None if None in frames else [f for f in frames if f]
        return self._shared_frames

    def events_frame(self, frames: list[str], state: str | None) -> str:
        """``events_frame(frames, state)``; one text for every connection when ``frames`` are
        this batch's shared frames and ``state`` is a patch of its own without ``me``."""
        shared = self.shared_frames()
        if shared is None or len(shared) != len(frames) or any(
            mine is not theirs for mine, theirs in zip(shared, frames, strict=True)
        ):
            return events_frame(frames, state)
        if state is None:
            if self._events_frame is None:
                self._events_frame = SharedText(events_frame(frames))
            return self._events_frame
        for made in self._patches.values():
            if made.lone is state:
                if made.with_events is None:
                    made.with_events = SharedText(events_frame(frames, state))
                return made.with_events
        return events_frame(frames, state)

    def view_json(self, audience: Audience) -> str:
        """``{**public_view, "me": private_view}`` as JSON text, without re-serialising public."""
        return join_view(self.public_json(), self.me_json(audience))

    def view(self, audience: Audience) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.view_json(audience))
        return parsed

    def frame(self, kind: Literal["state", "snapshot"], audience: Audience) -> str:
        return state_frame(kind, self.seq, self.view_json(audience))


@dataclass
class _ShownView:
    """What a state-patch client holds: the view of ``seq`` as its top-level texts (and, for
    ``deep_patches``, the texts of their keys)."""

    seq: int
    audience: Audience
    parts: dict[str, str]
    me: str
    deep: dict[str, dict[str, str]]


class StateFrames:
    """One connection's ``state`` frames: whole, or (hello ``state_patches``) patches that
    carry only the parts that changed since the view its client holds: top-level parts, and
    with ``deep_patches`` the keys of a part that is an object."""

    def __init__(self, patches: bool, deep: bool = False) -> None:
        self._patches = patches
        self._deep = patches and deep
        # None: the next state must be whole.
        self._shown: _ShownView | None = None

    @property
    def patches(self) -> bool:
        return self._patches

    def whole(
        self, batch: CommittedBatch, kind: Literal["state", "snapshot"], audience: Audience
    ) -> str:
        """A whole ``state`` or ``snapshot``; patches that follow build on it."""
        if not self._patches:
            return batch.frame(kind, audience)
        me = batch.me_json(audience)
        self._shown = self._shown_view(batch, audience, me)
        return state_frame(kind, batch.seq, join_view(batch.public_json(), me))

    def _shown_view(self, batch: CommittedBatch, audience: Audience, me: str) -> _ShownView:
        deep = batch.public_deep_parts() if self._deep else {}
        return _ShownView(batch.seq, audience, batch.public_parts(), me, deep)

    def can_patch(self, audience: Audience) -> bool:
        """The next state for ``audience`` may be a patch (else it must be whole)."""
        shown = self._shown
        return self._patches and shown is not None and shown.audience == audience

    def next(self, batch: CommittedBatch, audience: Audience) -> str:
        """The next live ``state``: a patch on the view this client holds where it may be one.

        Unchanged parts are the very same str objects (``ViewEncoder``), so comparing costs an
        identity check per key; only a changed part is compared by text."""
        shown = self._shown
        if shown is None or not self.can_patch(audience):
            return self.whole(batch, "state", audience)
        me = batch.me_json(audience)
        self._shown = self._shown_view(batch, audience, me)
        # An unchanged ``me`` is mostly the very same str (``PrivateParts``): no text compared.
        if me is shown.me or me == shown.me:
            return batch.lone_patch(shown, self._deep)
        return batch.patch_head(shown, self._deep) + ',"me":' + me + "}"

    def forget(self) -> None:
        """The client's view is not the one patches build on (it sent ``sync``)."""
        self._shown = None


class ViewBudget:
    """A token bucket of CPU seconds for a room's state views (see ``STATE_VIEW_CPU_SHARE``).

    Connections spend what a view cost them once it is built; while the bucket is below zero
    they wait, spread over the time one round of every connection's view costs."""

    def __init__(
        self,
        share: float = STATE_VIEW_CPU_SHARE,
        burst: float = STATE_VIEW_BURST_SECONDS,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self._share = share
        self._burst = burst
        self._clock = clock
        self._tokens = burst
        self._at = clock()
        self.average_cost = 0.0
        # CPU seconds the parts built for the state being built took (``start`` to ``settle``);
        # None: no state is being built (a greeting, an HTTP view), nothing is charged.
        self._owed: float | None = None

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._at) * self._share)
        self._at = now

    def delay(self) -> float:
        """Seconds until a view may be built (0: now)."""
        self._refill()
        return 0.0 if self._tokens > 0 else -self._tokens / self._share

    def spend(self, seconds: float) -> None:
        self._refill()
        self._tokens -= seconds
        self.average_cost = (
            seconds if not self.average_cost else (0.9 * self.average_cost + 0.1 * seconds)
        )

    @property
    def owed(self) -> float:
        return self._owed or 0.0

    def start(self) -> None:
        """A connection's live state is being built: what is built until ``settle`` is its."""
        self._owed = 0.0

    def owe(self, seconds: float) -> None:
        """Building a part (many states may share it) took ``seconds``: the state being built
        pays for it. Outside one (greetings, HTTP views) nothing is charged, as before."""
        if self._owed is not None:
            self._owed += seconds

    def settle(self) -> None:
        """The state is built: charge it what it built (often nothing: shared texts)."""
        owed, self._owed = self._owed or 0.0, None
        self.spend(owed)

    def round_seconds(self, connections: int) -> float:
        """How long building one view for each of ``connections`` takes within the share."""
        return connections * self.average_cost / self._share


class Subscriber(Protocol):
    """A live connection of this room, as the fan-out sees it."""

    @property
    def role(self) -> str: ...

    def offer(self, batch: CommittedBatch) -> None: ...

    def offer_text(self, text: str) -> None: ...

    def access_may_have_changed(self) -> None:
        """Seats or chair keys changed: a socket whose token lost its seat must say so and
        show a fresh, public view at once (not the secrets it already shows)."""

    def spectators_allowed_changed(self, allowed: bool) -> None:
        """The chair admits read-only screens without a key, or only the projector link."""

    def end(self, code: int, reason: str) -> None:
        """Close this socket with ``code`` and ``reason`` (the room was deleted...)."""


class Fanout:
    """The live connections of one room in this process, and what is offered to all of them.

    Offering never waits: each connection has its own bounded outbox (``outbox.py``)."""

    def __init__(self, briefs: SecretBriefs = NO_BRIEFS) -> None:
        self._subscribers: set[Subscriber] = set()
        self._briefs = briefs
        self._encoder = ViewEncoder()
        self._private = PrivateParts()
        self.view_budget = ViewBudget()

    def batch(
        self, seq: int, events: Sequence[CommittedEvent], state: SessionState
    ) -> CommittedBatch:
        """A batch whose public view reuses the text of the parts the last one had, and whose
        ``me`` texts are the last ones wherever its events did not change them."""
        self._private.changed(seq, private_views_changed([e.event for e in events], state))
        return CommittedBatch(
            seq, events, state, self._briefs, self._encoder, self._private, self.view_budget
        )

    def add(self, subscriber: Subscriber) -> None:
        if subscriber not in self._subscribers:
            self._subscribers.add(subscriber)
            CONNECTIONS.inc()

    def discard(self, subscriber: Subscriber) -> None:
        if subscriber in self._subscribers:
            self._subscribers.discard(subscriber)
            CONNECTIONS.dec()

    @property
    def count(self) -> int:
        return len(self._subscribers)

    def role_count(self, role: str) -> int:
        return sum(1 for subscriber in self._subscribers if subscriber.role == role)

    def offer(self, batch: CommittedBatch) -> None:
        for subscriber in list(self._subscribers):
            subscriber.offer(batch)

    def broadcast(self, text: str) -> None:
        for subscriber in list(self._subscribers):
            subscriber.offer_text(text)

    def access_may_have_changed(self) -> None:
        for subscriber in list(self._subscribers):
            subscriber.access_may_have_changed()

    def spectators_allowed_changed(self, allowed: bool) -> None:
        for subscriber in list(self._subscribers):
            subscriber.spectators_allowed_changed(allowed)

    def end_all(self, code: int, reason: str) -> None:
        for subscriber in list(self._subscribers):
            subscriber.end(code, reason)
