"""The motion to declare a question important (UN Charter Art. 18(2)-(3), GA rules 83-85).

Art. 18(2) lists "important questions" decided by two-thirds of the members present and voting;
Art. 18(3) and GA rule 85 decide the "determination of additional categories of questions to be
decided by a two-thirds majority" by a simple majority. In a session that is a procedural motion
naming a draft; once it carries, the draft is decided by the forum's rule named ``important``.
"""

from __future__ import annotations

from game_rules.errors import NotInOrder
from game_rules.messages import say
from game_rules.procedure.drafts import get_draft
from game_rules.session.state import Draft, SessionState
from game_rules.session.wording import status_word

IMPORTANT_RULE = "important"


def check_forum_has_important_rule(state: SessionState) -> None:
    """The forum must say what an important question needs (e.g. two-thirds present and voting)."""
    if IMPORTANT_RULE not in state.setup.rules:
        raise NotInOrder(
            "{forum} has no decision rule named '{rule}', so no "
            "question can be declared important here. A scenario enables the motion by adding "
            "the rule to the forum, e.g. `{example}` (Charter Art. 18(2)).",
            forum=state.setup.forum_name,
            rule=IMPORTANT_RULE,
            example='rules: {important: {kind: majority, at_least: "2/3"}}',
        )


def declarable_drafts(state: SessionState) -> tuple[Draft, ...]:
    """Introduced drafts not yet decided by the important rule."""
    return tuple(d for d in state.drafts if d.status == "introduced" and d.rule != IMPORTANT_RULE)


def check_declare_important_in_order(state: SessionState) -> None:
    """What the moment needs, whichever draft the motion names."""
    check_forum_has_important_rule(state)
    if not declarable_drafts(state):
        raise NotInOrder(
            "No introduced draft could be declared important: either none has been introduced "
            "or every one is already an important question."
        )


def check_declarable(state: SessionState, draft_id: str | None) -> Draft:
    """The draft the motion names, if it can still be declared important."""
    check_forum_has_important_rule(state)
    if not draft_id:
        ids = ", ".join(d.id for d in declarable_drafts(state)) or say("none")
        raise NotInOrder(
            "Say which draft is an important question (drafts: {drafts}).", drafts=ids
        )
    draft = get_draft(state, draft_id)
    if draft.status != "introduced":
        raise NotInOrder(
            "Draft {draft} is {status}: only an introduced draft that has not been "
            "voted on can be declared an important question.",
            draft=draft.id,
            status=status_word(draft.status),
        )
    if draft.rule == IMPORTANT_RULE:
        raise NotInOrder("Draft {draft} is already an important question.", draft=draft.id)
    if any(m.kind == "declare_important" and m.target == draft.id for m in state.motions):
        raise NotInOrder(
            "A motion to declare {draft} important is already before the chair.", draft=draft.id
        )
    return draft


__all__ = [
    "IMPORTANT_RULE",
    "check_declarable",
    "check_declare_important_in_order",
    "check_forum_has_important_rule",
    "declarable_drafts",
]
