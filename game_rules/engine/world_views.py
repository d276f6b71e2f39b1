"""What each viewer may see of the game layer: indicators and news for all, a seat's own pledges,
consent and trust for its seat, everything for the chair (boardgame.io's ``playerView``)."""

from __future__ import annotations

from typing import Any

from game_rules.session.localized import i18n_entry
from game_rules.session.scripting import ChairButtonTrigger
from game_rules.session.world import (
    BlocNoteSent,
    CommonPositionProposed,
    CommonPositionSigned,
    FrameInvoked,
    NewsItem,
    NewsPublished,
    PledgeMade,
    PledgeResolved,
    PressItemFiled,
    PressItemModerated,
    ScriptedEventFired,
    TrustChanged,
    World,
    WorldEvent,
)
from game_rules.world.narratives import frame_share

_CHAIR_VIEWERS = ("chair", "system")


def _news_for(news: NewsItem, viewer: str) -> bool:
    return not news.to or viewer in _CHAIR_VIEWERS or viewer in news.to


def reads_bloc_channel(readers: tuple[str, ...], chair_reads: bool, viewer: str) -> bool:
    """A negotiating group's notes and common positions: its members read them, the chair only
    where the scenario says so (``chair_reads_notes``); nobody else, ever."""
    return viewer in readers or (chair_reads and viewer in _CHAIR_VIEWERS)


def _bloc_channel(world: World, viewer: str) -> dict[str, Any]:
    return {
        "bloc_notes": [
            n.model_dump(mode="json")
            for n in world.bloc_notes
            if reads_bloc_channel(n.readers, n.chair_reads, viewer)
        ],
        "common_positions": [
            p.model_dump(mode="json")
            for p in world.common_positions
            if reads_bloc_channel(p.readers, p.chair_reads, viewer)
        ],
    }


def _blocs_public(world: World, members: dict[str, list[str]]) -> dict[str, Any]:
    return {
        bloc: {
            "name": rules.name,
            **({"i18n": rules.i18n} if rules.i18n else {}),
            "members": members.get(bloc, []),
            "coordinator": rules.coordinator,
            "speaker": world.bloc_speakers.get(bloc) or rules.coordinator,
        }
        for bloc, rules in world.rules.blocs.items()
    }


def world_public_view(
    world: World, bloc_members: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """Indicators, statuses, consent answers, withheld clauses and public news: no trust, no
    pledges, no chair's notes and nothing of the scenario's scripted events still to come."""
    fired = [world.rules.scripted_event(event_id) for event_id in world.fired]
    return {
        "indicators": world.indicators,
        "place_names": world.rules.place_names,
        "statuses": {actor: s for actor, s in world.statuses.items() if s},
        "consent": {
            host: {"given": record.given, "at": record.at} for host, record in world.consent.items()
        },
        # Answers for one clause ("KRV:D1/OP3") or one provider ("KRV@MSF"): public like the
        # general answer, so a host's consent and its withdrawal are seen by the room.
        "consent_limited": {
            scope: {
                "given": record.given,
                "at": record.at,
                "clause": record.clause,
                "provider": record.provider,
            }
            for scope, record in world.consent_limited.items()
        },
        "providers": {
            ref: terms.provider
            for ref, terms in world.rules.clause_terms.items()
            if terms.provider is not None
        },
        "withheld": [
            {"draft_id": w.draft_id, "clause_id": w.clause_id, "state": w.state}
            for w in world.withheld
        ],
        "news": [n.model_dump(mode="json") for n in world.news if not n.to],
        "events_fired": [
            {"id": e.id, "title": e.title.text, **i18n_entry(title=e.title)}
            for e in fired
            if e is not None
        ],
        "bots": list(world.bots),
        "seat_changes": dict(world.seats),
        "actions_used": dict(world.actions_used),
        "round": world.rounds,
        "round_minutes": world.rules.round_minutes,
        # Which narratives hold the floor: tagged speeches and drafts (never notes), over time.
        "frames": world.rules.frames,
        "frame_share": frame_share(world),
        "frame_timeline": [
            {"at": u.at, "frame": u.frame, "via": u.via, "actor": u.actor}
            for u in world.frame_uses
            if u.via != "note"
        ],
        "blocs": _blocs_public(world, bloc_members or {}),
    }


def world_private_view(world: World, viewer: str) -> dict[str, Any]:
    """The viewer's own trust, pledges and news; the chair also sees every scripted event."""
    if viewer in _CHAIR_VIEWERS:
        return {
            "trust": world.trust,
            "pledges": [p.model_dump(mode="json") for p in world.pledges],
            "news": [n.model_dump(mode="json") for n in world.news if n.to],
            "press_items": [p.model_dump(mode="json") for p in world.press_items],
            **_bloc_channel(world, viewer),
            "scripted_events": [
                {
                    "id": e.id,
                    "title": e.title.text,
                    **i18n_entry(title=e.title),
                    "when": e.when.model_dump(mode="json"),
                    "chair_button": e.when.chair_button
                    if isinstance(e.when, ChairButtonTrigger)
                    else None,
                    "fired": e.id in world.fired,
                    "may_fire": not (e.once and e.id in world.fired),
                    "chair_note": e.chair_note,
                }
                for e in world.rules.events
            ],
        }
    # A seat sees its own trust in others, never how far others trust it.
    others = {
        trusted
        for key in world.trust
        for truster, trusted in [key.split(">", 1)]
        if truster == viewer and trusted != viewer
    }
    return {
        "trust": {other: world.trust_between(viewer, other) for other in sorted(others)},
        "trust_start": world.rules.trust_start,
        "pledges": [p.model_dump(mode="json") for p in world.pledges_seen_by(viewer)],
        "news": [n.model_dump(mode="json") for n in world.news if n.to and viewer in n.to],
        # A press seat sees its own items, pending or not; nobody else sees another's.
        "press_items": [
            p.model_dump(mode="json") for p in world.press_items if p.by == viewer
        ],
        **_bloc_channel(world, viewer),
    }


def world_event_view(event: WorldEvent, viewer: str) -> dict[str, Any] | None:
    """A game event as ``viewer`` may see it, or None when it is not theirs to see."""
    data = event.model_dump(mode="json")
    chair = viewer in _CHAIR_VIEWERS
    match event:
        case PledgeMade(pledge=pledge):
            return data if chair or viewer in (pledge.pledger, pledge.recipient) else None
        case PledgeResolved(pledger=pledger, recipient=recipient):
            return data if chair or viewer in (pledger, recipient) else None
        case TrustChanged(between=between, one_way=one_way):
            # One-way trust is the truster's own: the trusted party is not told.
            seen_by = between[:1] if one_way else between
            return data if chair or viewer in seen_by else None
        case NewsPublished(news=news):
            return data if _news_for(news, viewer) else None
        case ScriptedEventFired():
            return data if chair else {**data, "chair_note": None}
        case FrameInvoked(via="note", actor=actor):
            return data if chair or viewer == actor else None
        case PressItemFiled(item=item):
            return data if chair or viewer == item.by else None
        case PressItemModerated(by=by):
            return data if chair or viewer == by else None
        case BlocNoteSent(note=note):
            return data if reads_bloc_channel(note.readers, note.chair_reads, viewer) else None
        case CommonPositionProposed(position=position):
            seen = reads_bloc_channel(position.readers, position.chair_reads, viewer)
            return data if seen else None
        case CommonPositionSigned(readers=readers, chair_reads=chair_reads):
            return data if reads_bloc_channel(readers, chair_reads, viewer) else None
    return data
