"""Procedure settings: which motions exist, their precedence, thresholds and debate.

The defaults are a common Model UN long form, following the NMUN rules of procedure where they
differ from the UN General Assembly's (A/520/Rev.20); a scenario can override any of it. Thresholds
are *names* of decision rules (looked up first in the forum's ``rules``, then in
:data:`BUILTIN_RULES`), an inline rule mapping, or one of the two non-vote thresholds:

- ``"chair"``: the chair decides without a vote (right of reply, GA rule 73);
- ``"automatic"``: granted when the chair entertains it, unless a sponsor of the draft objects, in
  which case ``objection_threshold`` applies (division of the question, SC provisional rule 32).
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

MotionKind = Literal[
    "appeal_chair",
    "suspend_meeting",
    "adjourn_meeting",
    "unmoderated_caucus",
    "moderated_caucus",
    "adjourn_debate",
    "declare_important",
    "close_debate",
    "move_to_vote",
    "divide_question",
    "reconsider",
    "close_speakers_list",
    "set_speaking_time",
    "set_agenda",
]
MOTION_KINDS: tuple[MotionKind, ...] = get_args(MotionKind)

PointKind = Literal["personal_privilege", "order", "parliamentary_inquiry"]
POINT_KINDS: tuple[PointKind, ...] = get_args(PointKind)

# Threshold names that are not decision rules.
CHAIR_DECIDES = "chair"
AUTOMATIC = "automatic"

Threshold = str | dict[str, Any]

# Named rules every forum has unless its ``rules`` override them.
BUILTIN_RULES: dict[str, dict[str, Any]] = {
    "procedural": {
        "kind": "majority",
        "base": "present_and_voting",
        "more_than": "1/2",
        "source": "UN GA rule 85 (other questions: majority of members present and voting)",
    },
    "two_thirds": {
        "kind": "majority",
        "base": "present_and_voting",
        "at_least": "2/3",
        "source": "UN Charter Art. 18(2); NMUN rules of procedure",
    },
    "substantive": {
        "kind": "majority",
        "base": "present_and_voting",
        "more_than": "1/2",
        "source": "UN Charter Art. 18(3); GA rule 85",
    },
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class MotionSpec(_Frozen):
    """How one kind of motion is handled in this forum."""

    precedence: int = Field(description="Lower numbers are entertained first.")
    threshold: Threshold = "procedural"
    objection_threshold: Threshold | None = Field(
        default=None,
        description="Only for threshold 'automatic': the rule used once a sponsor objects.",
    )
    debatable: bool = False
    speakers_for: int = 0
    speakers_against: int = 0
    may_interrupt: bool = False
    in_voting_procedure: bool = False
    enabled: bool = True
    source: str = ""
    explanation: str = ""


class PointSpec(_Frozen):
    """How one kind of point is handled."""

    may_interrupt: bool
    in_voting_procedure: bool = True
    enabled: bool = True
    source: str = ""
    explanation: str = ""


def _default_motions() -> dict[MotionKind, MotionSpec]:
    return {
        "appeal_chair": MotionSpec(
            precedence=1,
            threshold="procedural",
            may_interrupt=True,
            in_voting_procedure=True,
            source="GA rule 71 / 113: an appeal is immediately put to the vote",
            explanation="Ask the committee to overrule one of the chair's rulings.",
        ),
        "suspend_meeting": MotionSpec(
            precedence=2,
            source="GA rule 76 / 118; order of motions GA rule 77 (a)",
            explanation="Pause the meeting for a break; it resumes when the time is up.",
        ),
        "adjourn_meeting": MotionSpec(
            precedence=3,
            source="GA rule 76 / 118; order of motions GA rule 77 (b)",
            explanation="End this meeting.",
        ),
        "unmoderated_caucus": MotionSpec(
            precedence=4,
            source="NMUN rules of procedure (suspension for informal consultations)",
            explanation="Leave your seats and negotiate informally for a set time.",
        ),
        "moderated_caucus": MotionSpec(
            precedence=5,
            source="NMUN rules of procedure (moderated caucus)",
            explanation="The chair calls on speakers one by one, with a short speaking time.",
        ),
        "adjourn_debate": MotionSpec(
            precedence=6,
            threshold="two_thirds",
            debatable=True,
            speakers_for=2,
            speakers_against=2,
            source="GA rule 74 / 116 (two for, two against); order GA rule 77 (c); "
            "two-thirds under the NMUN rules of procedure",
            explanation="Set this agenda item aside without voting on its drafts.",
        ),
        "declare_important": MotionSpec(
            precedence=7,
            threshold="procedural",
            debatable=True,
            speakers_for=2,
            speakers_against=2,
            in_voting_procedure=True,
            source="UN Charter Art. 18(2)-(3); GA rule 83 (two-thirds for important questions), "
            "GA rule 85 (whether a question is important is decided by a simple majority)",
            explanation="Ask that a draft be treated as an important question, so that it needs "
            "a two-thirds majority.",
        ),
        "close_debate": MotionSpec(
            precedence=8,
            threshold="two_thirds",
            debatable=True,
            speakers_against=2,
            source="GA rule 75 / 117 (two against); order GA rule 77 (d); "
            "two-thirds under the NMUN rules of procedure",
            explanation="End debate on this agenda item and vote on its drafts now.",
        ),
        "move_to_vote": MotionSpec(
            precedence=9,
            threshold="two_thirds",
            debatable=True,
            speakers_against=2,
            source="THIMUN rules of procedure (motion to move into voting procedure)",
            explanation="Vote now on one draft (and its amendments) without closing the item.",
        ),
        "divide_question": MotionSpec(
            precedence=10,
            threshold="procedural",
            debatable=True,
            speakers_for=2,
            speakers_against=2,
            in_voting_procedure=True,
            source="GA rule 89 / 129",
            explanation="Vote on parts of a draft separately before the draft as a whole.",
        ),
        "reconsider": MotionSpec(
            precedence=11,
            threshold="two_thirds",
            debatable=True,
            speakers_against=2,
            source="GA rule 81 / 123",
            explanation="Vote again on a draft already adopted or rejected.",
        ),
        "close_speakers_list": MotionSpec(
            precedence=12,
            source="GA rule 73 / 115",
            explanation="No more delegations may be added to the speakers list.",
        ),
        "set_speaking_time": MotionSpec(
            precedence=13,
            debatable=True,
            speakers_for=2,
            speakers_against=2,
            source="GA rule 72 / 114",
            explanation="Change how long each speaker may speak.",
        ),
        "set_agenda": MotionSpec(
            precedence=14,
            debatable=True,
            speakers_for=2,
            speakers_against=2,
            source="NMUN rules of procedure (setting the agenda)",
            explanation="Choose which agenda item the committee discusses first.",
        ),
    }


def _default_points() -> dict[PointKind, PointSpec]:
    return {
        "personal_privilege": PointSpec(
            may_interrupt=True,
            source="NMUN rules of procedure (point of personal privilege)",
            explanation="Something prevents you from taking part (you cannot hear, for example).",
        ),
        "order": PointSpec(
            may_interrupt=True,
            source="GA rule 71 / 113",
            explanation="The rules are not being followed; the chair rules at once.",
        ),
        "parliamentary_inquiry": PointSpec(
            may_interrupt=False,
            source="NMUN rules of procedure (point of parliamentary inquiry)",
            explanation="Ask the chair a question about the rules.",
        ),
    }


class ProcedureSettings(_Frozen):
    """Everything about a forum's procedure that a scenario may change."""

    motions: dict[MotionKind, MotionSpec] = Field(default_factory=_default_motions)
    points: dict[PointKind, PointSpec] = Field(default_factory=_default_points)

    speaking_time: float = Field(default=90.0, gt=0, description="Seconds per speech (GA rule 72).")
    reply_time: float = Field(default=30.0, gt=0, description="Seconds for a right of reply.")
    max_caucus_minutes: float = Field(default=30.0, gt=0)
    substantive_rule: Threshold = "substantive"
    amendment_rule: Threshold = "substantive"

    signatory_share: str = Field(
        default="1/5",
        description="Share of the members that must sponsor or sign a draft before the chair "
        "may introduce it (members only; observers' signatures do not count).",
    )
    observers_may_sign: bool = Field(
        default=False,
        description="Observers may sign drafts (opt-in: observers 'may sign where the forum "
        "allows it'); their signatures never count towards the share.",
    )
    observers_may_object: bool = False
    observers_vote_on_procedure: bool = False
    notes_moderated: bool = False
    notes_during_voting: bool = False
    note_max_chars: int = Field(default=1000, gt=0, le=4000)

    attendance_required: bool = True
    procedural_abstentions: bool = Field(
        default=False, description="NMUN: no abstentions on procedural votes."
    )
    secret_ballot: bool = False
    show_choices_live: bool = True
    roll_call_default: bool = False
    roll_call_on_request: bool = Field(
        default=True, description="GA rule 87: any member may request a recorded vote."
    )
    consensus_forum: bool = Field(
        default=False,
        description="Decisions are taken by consensus: the chair proposes adoption without a "
        "vote and delegations may object.",
    )
    vote_time_limit: float | None = Field(
        default=None, description="Seconds after which an open vote closes itself, if set."
    )
    right_of_reply_to_reply: bool = False
    double_veto: bool = Field(
        default=False,
        description="A member may contest that a motion is procedural; the preliminary question "
        "is then voted as a substantive one (San Francisco Statement, 7 June 1945; Security "
        "Council).",
    )
    observers_with_proposal_rights: tuple[str, ...] = Field(
        default=(),
        description="Observers that may submit, introduce and co-sponsor proposals and "
        "amendments, though they do not vote (the State of Palestine in the General Assembly "
        "since A/RES/ES-10/23 (10 May 2024), annex, paras (c)-(d)).",
    )

    @model_validator(mode="before")
    @classmethod
    def _merge_with_defaults(cls, data: Any) -> Any:
        """A scenario names only what it changes: ``motions: {close_debate: {threshold: ...}}``."""
        if not isinstance(data, dict):
            return data
        merged = dict(data)
        for key, defaults in (("motions", _default_motions()), ("points", _default_points())):
            given = data.get(key)
            if not isinstance(given, dict):
                continue
            combined: dict[str, Any] = {k: v.model_dump() for k, v in defaults.items()}
            for kind, override in given.items():
                if isinstance(override, BaseModel):
                    override = override.model_dump()
                if kind in combined and isinstance(override, dict):
                    combined[kind] = {**combined[kind], **override}
                else:
                    combined[kind] = override
            merged[key] = combined
        return merged

    def motion(self, kind: MotionKind) -> MotionSpec:
        return self.motions[kind]


def model_un_long_form() -> ProcedureSettings:
    """The default procedure: a common Model UN long form (NMUN rules of procedure)."""
    return ProcedureSettings()


def security_council_procedure() -> ProcedureSettings:
    """Security Council practice: roll call by show of hands, automatic division (rule 32)."""
    motions = _default_motions()
    motions["divide_question"] = motions["divide_question"].model_copy(
        update={
            "threshold": AUTOMATIC,
            "objection_threshold": "procedural",
            "debatable": False,
            "source": "SC provisional rule 32: parts are voted separately at a member's request "
            "unless the original mover objects",
        }
    )
    # The Council has no two-thirds rule: every procedural motion needs the procedural rule
    # (nine affirmative votes, no veto: Charter Art. 27(2)).
    motions = {
        kind: spec.model_copy(update={"threshold": "procedural"})
        if spec.threshold == "two_thirds"
        else spec
        for kind, spec in motions.items()
    }
    return ProcedureSettings(motions=motions, procedural_abstentions=True, double_veto=True)
