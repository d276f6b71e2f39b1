"""What each viewer may do now: every point, motion and command with ``in_order`` and a ``why``.

One source of legality: whether an action is in order is decided by the very check function
its command's handler runs first (``check_<command>`` in :mod:`game_rules.procedure`), called on
the command the viewer would send (the *probe*). The views show these offers and never decide
legality themselves. Where an action needs details the viewer chooses (a caucus's minutes, an
amendment's text), the offer says whether the moment is right (``check_motion_in_order``, the
first part of a motion's check) and the probe is None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from game_rules.errors import RuleViolation
from game_rules.messages import Message, Param, say
from game_rules.procedure.chair_controls import (
    FRIENDLY_SOURCE,
    ORDER_SOURCE,
    check_order_amendments,
    check_rule_friendly,
    pending_unfriendly,
    running_timers,
)
from game_rules.procedure.double_veto import SOURCE as PRELIMINARY_SOURCE
from game_rules.procedure.double_veto import SOURCE_SAID as PRELIMINARY_SOURCE_SAID
from game_rules.procedure.double_veto import check_contest_in_order
from game_rules.procedure.drafts import check_sign
from game_rules.procedure.important_question import declarable_drafts
from game_rules.procedure.meeting import (
    check_note_in_order,
    check_open_meeting,
    check_pause_clock,
    check_resume_clock,
    check_resume_meeting,
)
from game_rules.procedure.motions import (
    MOTION_NAMES,
    check_entertain_motion,
    check_motion_in_order,
    motion_label,
    next_motion,
)
from game_rules.procedure.speakers import (
    POINT_NAMES,
    check_add_speaker,
    check_end_caucus,
    check_end_speech,
    check_point_in_order,
    check_questions,
    check_recognize_speaker,
    check_remove_speaker,
    check_right_of_reply,
    check_yield,
)
from game_rules.procedure.voting import (
    CONSULTATIONS_SOURCE,
    check_adoption_without_vote,
    check_close_consultations,
    check_close_vote,
    check_open_vote,
    check_request_roll_call,
    check_skip_roll_call,
    in_consultations,
)
from game_rules.session import commands as cmd
from game_rules.session.blocs import blocs_of
from game_rules.session.commands import (
    MAX_COMMON_POSITION_CHARS,
    MAX_EXTENSION_SECONDS,
    MAX_PRESS_BODY_CHARS,
    MAX_PRESS_HEADLINE_CHARS,
)
from game_rules.session.rules_of_procedure import (
    AUTOMATIC,
    CHAIR_DECIDES,
    MOTION_KINDS,
    POINT_KINDS,
    Threshold,
)
from game_rules.session.scripting import ActorAction
from game_rules.session.state import CHAIR, SessionState
from game_rules.world.actions import blocker_candidates, check_take_action
from game_rules.world.blocs import (
    check_propose_common_position,
    check_send_bloc_note,
    check_sign_common_position,
    latest_position,
)
from game_rules.world.press import check_moderate_press, check_publish_news, pending_press

JSON = dict[str, Any]
C = TypeVar("C", bound=cmd.Command)


@dataclass(frozen=True)
class Offer:
    """One action as a viewer sees it. ``probe`` is the exact command the action sends when it
    needs no details; ``extras`` are the offer's own keys in the view (``kind``, ``drafts``...).

    ``why`` is a message: what the action does when in order, else the refusal's own message
    (``violation.say``). The view gives it twice: ``why`` in English and ``why_say`` as the
    message itself (:meth:`~game_rules.messages.Message.as_json`)."""

    type: str
    label: str
    in_order: bool
    why: Message
    extras: JSON = field(default_factory=dict)
    probe: cmd.Command | None = None

    def view(self) -> JSON:
        return {
            "type": self.type,
            "label": self.label,
            "in_order": self.in_order,
            **why_keys(self.why),
            **self.extras,
        }


#: No reason to give (an action in order that needs no explanation).
NO_REASON = say("")


def why_keys(why: Message) -> JSON:
    """``{"why": English, "why_say": message}``: a reason as the views give it."""
    return {"why": why.english(), "why_say": why.as_json()}


def target(key: str, ref: str, reason: Message | None) -> JSON:
    """One entry of an offer's list of drafts, motions or amendments: whether the action may
    be taken on it and, when not, why not."""
    return {key: ref, "in_order": reason is None, **why_keys(reason or NO_REASON)}


def refusal(check: Callable[[], object]) -> Message | None:
    """Why ``check`` refuses (the refusal's message), or None when it passes."""
    try:
        check()
    except RuleViolation as violation:
        return violation.say
    return None


def offer(
    state: SessionState,
    probe: C,
    check: Callable[[SessionState, C], object],
    label: str,
    why: str,
    **extras: Any,
) -> Offer:
    """The offer of ``probe``, in order exactly when its handler's ``check`` passes; ``why``
    says what it does (a sentence to translate)."""
    reason = refusal(lambda: check(state, probe))
    return Offer(
        type=probe.type,
        label=label,
        in_order=reason is None,
        why=say(why) if reason is None else reason,
        extras=extras,
        probe=probe,
    )


# The built-in rules' names (rules_of_procedure.BUILTIN_RULES); a scenario's own rule keeps its id.
RULE_LABELS = {"procedural": "procedural", "substantive": "substantive", "two_thirds": "two-thirds"}
RULE_KINDS = {
    "majority": "majority",
    "consensus": "consensus",
    "unanimity": "unanimity",
    "weighted": "weighted vote",
    "double_majority": "double majority",
}
SHARES = {
    "more_than": "more than {share} of those present and voting",
    "at_least": "at least {share} of those present and voting",
}


def describe_threshold(state: SessionState, threshold: Threshold) -> Message:
    """The majority a motion needs, in words: "procedural: at least 9 affirmative votes"."""
    if threshold == CHAIR_DECIDES:
        return say("the chair decides")
    if threshold == AUTOMATIC:
        return say("granted on request")
    rule = state.setup.rule(threshold)
    label: Param = (
        say(RULE_LABELS[threshold])
        if isinstance(threshold, str) and threshold in RULE_LABELS
        else threshold if isinstance(threshold, str) else say("inline rule")
    )
    kind = str(rule.get("kind", "majority"))
    words: Param = say(RULE_KINDS[kind]) if kind in RULE_KINDS else kind
    if kind == "majority":
        # Art. 27: a count of affirmative votes, and no share ("more_than: 0").
        shares = [
            say(SHARES[key], share=str(rule[key]))
            for key in ("more_than", "at_least")
            if key in rule and not (rule.get("min_yes") and str(rule[key]) == "0")
        ]
        count = say("at least {count} affirmative votes", count=rule["min_yes"]) if rule.get(
            "min_yes"
        ) else None
        if shares and count is not None:
            words = say("{share} and {count}", share=shares[0], count=count)
        elif shares or count is not None:
            words = shares[0] if shares else count or ""
    if rule.get("veto"):
        words = say(
            "{rule} (veto: {members})", rule=words, members=", ".join(str(v) for v in rule["veto"])
        )
    return say("{label}: {rule}", label=label, rule=words)


def cited(source: str) -> Message:
    """A rule of procedure's citation in the reader's language (a scenario's own citation has
    no catalogue entry, so it shows as written)."""
    return say(source)


def threshold_fields(state: SessionState, threshold: Threshold) -> JSON:
    """``threshold`` (English) and ``threshold_say`` (the message) of an offer or a motion."""
    said = describe_threshold(state, threshold)
    return {"threshold": said.english(), "threshold_say": said.as_json()}


def _at(state: SessionState) -> float:
    return state.last_event_at


# ---------------------------------------------------------------------------------------------
# A delegation
# ---------------------------------------------------------------------------------------------


def _point_offers(state: SessionState, viewer: str) -> list[Offer]:
    offers = []
    for kind in POINT_KINDS:
        spec = state.procedure.points[kind]
        if not spec.enabled:
            continue
        reason = refusal(partial(check_point_in_order, state, viewer, kind))
        offers.append(
            Offer(
                type="raise_point",
                label=POINT_NAMES[kind].capitalize(),
                in_order=reason is None,
                why=say(spec.explanation) if reason is None else reason,
                extras={
                    "kind": kind,
                    "may_interrupt": spec.may_interrupt,
                    "source": spec.source,
                    "source_say": cited(spec.source).as_json(),
                },
                probe=cmd.RaisePoint(actor=viewer, now=_at(state), kind=kind),
            )
        )
    return offers


# Motions that need nothing but their kind (the others need minutes, a target, parts...).
_BARE_MOTIONS = frozenset(
    {"adjourn_meeting", "adjourn_debate", "close_debate", "close_speakers_list"}
)


def _motion_offers(state: SessionState, viewer: str) -> list[Offer]:
    procedure = state.procedure
    offers = []
    for kind in sorted(MOTION_KINDS, key=lambda k: procedure.motion(k).precedence):
        spec = procedure.motion(kind)
        if not spec.enabled:
            continue
        reason = refusal(partial(check_motion_in_order, state, viewer, kind))
        extras: JSON = {
            "kind": kind,
            "precedence": spec.precedence,
            **threshold_fields(state, spec.threshold),
            "debatable": spec.debatable,
            "source": spec.source,
            "source_say": cited(spec.source).as_json(),
        }
        if kind == "declare_important":
            # Offered only when in order: most forums have no important questions at all.
            if reason is not None:
                continue
            extras["targets"] = [d.id for d in declarable_drafts(state)]
        probe = (
            cmd.ProposeMotion(actor=viewer, now=_at(state), kind=kind)
            if kind in _BARE_MOTIONS
            else None
        )
        offers.append(
            Offer(
                type="propose_motion",
                label=MOTION_NAMES[kind].capitalize(),
                in_order=reason is None,
                why=say(spec.explanation) if reason is None else reason,
                extras=extras,
                probe=probe,
            )
        )
    return offers


def _contest_offers(state: SessionState, actor: str) -> list[Offer]:
    """The preliminary question (double veto), only where the procedure enables it."""
    if not state.procedure.double_veto or not state.motions:
        return []
    if actor != CHAIR and not state.setup.is_member(actor):
        return []
    reasons = [
        refusal(partial(check_contest_in_order, state, actor, motion.id))
        for motion in state.motions
    ]
    motions = [
        target("motion_id", motion.id, reason)
        for motion, reason in zip(state.motions, reasons, strict=True)
    ]
    in_order = any(reason is None for reason in reasons)
    why = (
        say(
            "The question whether the matter is procedural is voted as a substantive one, so a "
            "permanent member can veto it (the double veto)."
        )
        if in_order
        else next((reason for reason in reasons if reason is not None), NO_REASON)
    )
    label = (
        "Put the preliminary question" if actor == CHAIR else "Dispute that a motion is procedural"
    )
    extras = {
        "source": PRELIMINARY_SOURCE,
        "source_say": PRELIMINARY_SOURCE_SAID.as_json(),
        "motions": motions,
    }
    return [Offer("contest_procedural", label, in_order, why, extras)]


def _floor_offers(state: SessionState, viewer: str) -> list[Offer]:
    now = _at(state)
    offers = [
        offer(
            state,
            cmd.AddSpeaker(actor=viewer, now=now),
            lambda s, c: check_add_speaker(s, c.actor, c.actor),
            "Join the speakers list",
            "Ask to give a speech on the agenda item.",
            on_behalf_of=[
                target(
                    "bloc",
                    bloc,
                    refusal(partial(check_add_speaker, state, viewer, viewer, bloc)),
                )
                for bloc in blocs_of(state, viewer)
            ],
        ),
        offer(
            state,
            cmd.RequestRightOfReply(actor=viewer, now=now),
            lambda s, c: check_right_of_reply(s, c.actor),
            "Ask for a right of reply",
            "Answer a speech that insulted your country; the chair decides (GA rule 73).",
        ),
        _note_offer(state, viewer),
    ]
    if viewer in state.speakers:
        offers.append(
            offer(
                state,
                cmd.RemoveSpeaker(actor=viewer, now=now),
                check_remove_speaker,
                "Leave the speakers list",
                "Take your name off the list.",
            )
        )
    floor = state.floor
    if floor is not None and floor.speaker == viewer:
        reason = refusal(lambda: check_yield(state, viewer))
        offers.append(
            Offer(
                "yield_floor",
                "Yield the floor",
                reason is None,
                say("Yield your remaining time to another delegate, to questions or to the chair.")
                if reason is None
                else reason,
                {"to": ["delegate", "questions", "chair"] if reason is None else []},
                cmd.YieldFloor(actor=viewer, now=now, to="chair") if reason is None else None,
            )
        )
        offers.append(
            offer(
                state, cmd.EndSpeech(actor=viewer, now=now), check_end_speech, "Finish speaking", ""
            )
        )
    return offers


def _note_offer(state: SessionState, viewer: str) -> Offer:
    reason = refusal(lambda: check_note_in_order(state, viewer))
    return Offer(
        "send_note",
        "Send a private note",
        reason is None,
        say("Only the recipients and the chair can read it.") if reason is None else reason,
    )


def _press_offers(state: SessionState, viewer: str) -> list[Offer]:
    """A press seat files news items and nothing else (world/press.py)."""
    probe = cmd.PublishNews(actor=viewer, now=_at(state), headline="-")
    return [
        offer(
            state,
            probe,
            check_publish_news,
            "File a news item",
            "The chair approves it before it is public; with a frame it counts for that "
            "narrative.",
            max_headline=MAX_PRESS_HEADLINE_CHARS,
            max_body=MAX_PRESS_BODY_CHARS,
        )
    ]


def _lever_offer(state: SessionState, viewer: str, action: ActorAction) -> JSON:
    """One of the viewer's own levers; a `name_blocker` one lists whom it may name (and is
    probed with the first of them, since the real command must name someone)."""
    targets = blocker_candidates(state, viewer) if action.kind == "name_blocker" else []
    probe = cmd.TakeAction(
        actor=viewer,
        now=_at(state),
        action_id=action.id,
        target=targets[0] if targets else None,
    )
    entry = target("action_id", action.id, refusal(partial(check_take_action, state, probe)))
    entry["targets"] = targets
    return entry


def _bloc_offers(state: SessionState, viewer: str) -> list[Offer]:
    """A negotiating group's coordination (world/blocs.py), for its members only."""
    groups = blocs_of(state, viewer)
    if not groups:
        return []
    now = _at(state)

    def for_each(
        make: Callable[[str], cmd.Command], check: Callable[[Any, Any], object]
    ) -> list[JSON]:
        return [
            target("bloc", bloc, refusal(partial(check, state, make(bloc)))) for bloc in groups
        ]

    def grouped(kind: str, label: str, why: str, targets: list[JSON], max_chars: int) -> Offer:
        in_order = any(t["in_order"] for t in targets)
        return Offer(
            kind, label, in_order, say(why), {"blocs": targets, "max_chars": max_chars}
        )

    offers = [
        grouped(
            "send_bloc_note",
            "Write to your group",
            "Only the group's members read it (and the chair, where the scenario says so).",
            for_each(
                lambda b: cmd.SendBlocNote(actor=viewer, now=now, bloc=b, text="-"),
                check_send_bloc_note,
            ),
            state.procedure.note_max_chars,
        ),
        grouped(
            "propose_common_position",
            "Propose a common position",
            "The coordinator puts the group's line to its members, who sign it.",
            for_each(
                lambda b: cmd.ProposeCommonPosition(actor=viewer, now=now, bloc=b, text="-"),
                check_propose_common_position,
            ),
            MAX_COMMON_POSITION_CHARS,
        ),
    ]
    coordinated = [b for b in groups if state.world.rules.blocs[b].coordinator == viewer]
    if coordinated:
        offers.append(
            grouped(
                "name_bloc_speaker",
                "Name who speaks for the group",
                "That member takes the floor on behalf of the group.",
                [target("bloc", b, None) for b in coordinated],
                0,
            )
        )
    positions = [p for b in groups if (p := latest_position(state, b)) is not None]
    if positions:
        targets = [
            target(
                "position_id",
                p.id,
                refusal(
                    partial(
                        check_sign_common_position,
                        state,
                        cmd.SignCommonPosition(actor=viewer, now=now, position_id=p.id),
                    )
                ),
            )
            for p in positions
        ]
        offers.append(
            Offer(
                "sign_common_position",
                "Sign the common position",
                any(t["in_order"] for t in targets),
                say("Your signature commits your delegation to the group's line."),
                {"positions": targets},
            )
        )
    return offers


def delegate_offers(state: SessionState, viewer: str) -> list[Offer]:
    if state.setup.is_press(viewer):
        return _press_offers(state, viewer)
    offers = [*_point_offers(state, viewer), *_motion_offers(state, viewer)]
    offers += _contest_offers(state, viewer)
    offers += _floor_offers(state, viewer)
    if state.setup.is_member(viewer):
        offers.append(
            offer(
                state,
                cmd.RequestRollCall(actor=viewer, now=_at(state)),
                check_request_roll_call,
                "Request a roll-call vote",
                "Any member may ask that the vote be taken by roll call (GA rule 87).",
            )
        )
    actions = [
        {**_lever_offer(state, viewer, action), "title": action.title}
        for action in state.world.rules.actor_actions.get(viewer, ())
    ]
    if actions:
        offers.append(
            Offer(
                "take_action",
                "Use one of your own levers",
                any(a["in_order"] for a in actions),
                say("Each has limited uses: see your brief."),
                {"actions": actions},
            )
        )
    offers += _bloc_offers(state, viewer)
    drafts = [
        target("draft_id", draft.id, refusal(partial(check_sign, state, viewer, draft, False)))
        for draft in state.drafts
    ]
    offers.append(
        Offer(
            "sign_draft",
            "Sign a draft",
            any(d["in_order"] for d in drafts),
            say("Add your signature so the draft can be introduced."),
            {"drafts": drafts},
        )
    )
    return offers


# ---------------------------------------------------------------------------------------------
# The chair
# ---------------------------------------------------------------------------------------------


def _chair_control_offers(state: SessionState) -> list[Offer]:
    """Extend a timer; rule amendments friendly; order the unfriendly ones (chair_controls)."""
    timers = running_timers(state)
    offers = [
        Offer(
            "extend_time",
            "Extend the time",
            bool(timers),
            say("Give the speaker, the caucus or the vote more time; works while paused.")
            if timers
            else say("No timer is running."),
            {"timers": list(timers), "max_seconds": MAX_EXTENSION_SECONDS},
            cmd.ExtendTime(actor=CHAIR, now=_at(state), seconds=30) if timers else None,
        )
    ]
    friendly = []
    for amendment in state.amendments:
        if amendment.status in ("awaiting_sponsors", "pending", "declined"):
            reason = refusal(partial(check_rule_friendly, state, amendment))
            friendly.append(target("amendment_id", amendment.id, reason))
    if friendly:
        offers.append(
            Offer(
                "rule_amendment_friendly",
                "Declare an amendment friendly",
                any(f["in_order"] for f in friendly),
                say(
                    "Ask the sponsors on the floor; when every sponsor agrees, declare the "
                    "amendment friendly and it becomes part of the draft without a vote."
                ),
                {"source": FRIENDLY_SOURCE, "amendments": friendly},
            )
        )
    drafts = []
    for draft in state.drafts:
        if len(pending_unfriendly(state, draft.id)) >= 2:
            reason = refusal(partial(check_order_amendments, state, draft.id))
            drafts.append(target("draft_id", draft.id, reason))
    if drafts:
        offers.append(
            Offer(
                "order_amendments",
                "Order the unfriendly amendments",
                any(d["in_order"] for d in drafts),
                say("Rule which amendment is furthest removed in substance: it is voted first."),
                {"source": ORDER_SOURCE, "drafts": drafts},
            )
        )
    consulting = [
        target(
            "draft_id",
            draft.id,
            refusal(
                partial(
                    check_close_consultations,
                    state,
                    cmd.CloseConsultations(actor=CHAIR, now=_at(state), draft_id=draft.id),
                )
            ),
        )
        for draft in in_consultations(state)
    ]
    if consulting:
        offers.append(
            Offer(
                "close_consultations",
                "Close the item without consensus",
                any(d["in_order"] for d in consulting),
                say(
                    "The call for objections failed: consult the objectors, let the text be "
                    "revised and put it again, or close the item without consensus."
                ),
                {"source": CONSULTATIONS_SOURCE, "drafts": consulting},
            )
        )
    return offers


def _chair_press_offers(state: SessionState) -> list[Offer]:
    """Approve or reject the press seats' news items before they are public."""
    items = [
        target(
            "item_id",
            item.id,
            refusal(
                partial(
                    check_moderate_press,
                    state,
                    cmd.ModeratePress(actor=CHAIR, now=_at(state), item_id=item.id, approve=True),
                )
            ),
        )
        for item in pending_press(state)
    ]
    if not items:
        return []
    return [
        Offer(
            "moderate_press",
            "Approve or reject news items",
            True,
            say("An approved item is public news; with a frame it counts for that narrative."),
            {"items": items},
        )
    ]


def _chair_vote_offers(state: SessionState) -> list[Offer]:
    now = _at(state)
    offers = [
        offer(
            state,
            cmd.OpenVote(actor=CHAIR, now=now),
            check_open_vote,
            "Put the question to the vote",
            "Open a vote on the motion before the committee or the next item in voting "
            "procedure.",
        ),
        offer(
            state,
            cmd.ProposeAdoptionWithoutVote(actor=CHAIR, now=now),
            check_adoption_without_vote,
            "Propose adoption without a vote",
            "Ask whether any delegation objects to adopting it by consensus.",
        ),
    ]
    vote = state.vote
    if vote is not None:
        caller = vote.current_caller()
        offers.append(
            offer(
                state,
                cmd.CloseVote(actor=CHAIR, now=now),
                check_close_vote,
                "Close the vote",
                "The result is computed once, when you close the vote.",
            )
        )
        if caller is not None:
            offers.append(
                offer(
                    state,
                    cmd.SkipRollCall(actor=CHAIR, now=now),
                    check_skip_roll_call,
                    f"Skip {state.setup.name_of(caller)}",
                    "The delegation called does not answer.",
                )
            )
    return offers


def chair_offers(state: SessionState) -> list[Offer]:
    now = _at(state)
    first = next_motion(state)
    offers = [
        offer(
            state,
            cmd.RecognizeSpeaker(actor=CHAIR, now=now),
            check_recognize_speaker,
            "Give the floor",
            "Call the next speaker on the list, or name a delegation.",
            next_on_list=state.speakers[0] if state.speakers else None,
        ),
        *_chair_vote_offers(state),
    ]
    if first is not None:
        offers.append(
            offer(
                state,
                cmd.EntertainMotion(actor=CHAIR, now=now, motion_id=first.id),
                check_entertain_motion,
                f"Take up the {motion_label(first)}",
                "Motions are taken in order of precedence.",
                motion_id=first.id,
            )
        )
    offers += _contest_offers(state, CHAIR)
    offers += _chair_control_offers(state)
    offers += _chair_press_offers(state)
    if state.floor is not None:
        offers.append(
            offer(state, cmd.EndSpeech(actor=CHAIR, now=now), check_end_speech, "Call time", "")
        )
        if state.floor.answering_questions:
            reason = refusal(lambda: check_questions(state, CHAIR))
            offers.append(
                Offer(
                    "recognize_questioner",
                    "Call on a questioner",
                    reason is None,
                    reason or NO_REASON,
                )
            )
    if state.caucus is not None:
        offers.append(
            offer(
                state, cmd.EndCaucus(actor=CHAIR, now=now), check_end_caucus, "End the caucus", ""
            )
        )
    paused = state.paused_at is not None
    clock: Offer = (
        offer(state, cmd.ResumeClock(actor=CHAIR, now=now), check_resume_clock,
              "Restart the clock", "Timers keep their remaining time while paused.")
        if paused
        else offer(state, cmd.PauseClock(actor=CHAIR, now=now), check_pause_clock,
                   "Pause the clock", "Timers keep their remaining time while paused.")
    )
    offers.append(clock)
    if state.meeting == "suspended":
        offers.append(
            offer(state, cmd.ResumeMeeting(actor=CHAIR, now=now), check_resume_meeting,
                  "Resume the meeting", "")
        )
    if state.meeting == "adjourned":
        offers.append(
            offer(state, cmd.OpenMeeting(actor=CHAIR, now=now), check_open_meeting,
                  "Open a new meeting", "")
        )
    return offers


def legal_actions(state: SessionState, viewer: str) -> list[Offer]:
    """Everything ``viewer`` (a delegation or the chair) may try now, each with whether it is in
    order and why."""
    if viewer == CHAIR:
        return chair_offers(state)
    return delegate_offers(state, viewer)
