"""Pieces of sentences that the engine's messages share: lists, counts and durations.

Each returns a :class:`~game_rules.messages.Message` (or a plain parameter), never English text,
so that a refusal or a reason built from them is still a template and its parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from game_rules.messages import Message, Param, say

Separator = Literal["; ", ", "]

_JOINS: dict[Separator, str] = {"; ": "{head}; {tail}", ", ": "{head}, {tail}"}


def joined(parts: Sequence[Param], separator: Separator = "; ") -> Param:
    """``a; b; c`` (or ``a, b, c``) as one parameter: each part stays a parameter of its own,
    the separator is part of a template. One part is that part; none is the empty text."""
    if not parts:
        return ""
    head = parts[0]
    for part in parts[1:]:
        head = say(_JOINS[separator], head=head, tail=part)
    return head


def status_word(status: str) -> Message:
    """A code word (a status, a vote choice) as a word to translate: ``awaiting_sponsors`` ->
    "awaiting sponsors"."""
    return say(status.replace("_", " "))


def minutes(count: float) -> Message:
    """A duration in minutes: "1 minute", "5 minutes", "2.5 minutes"."""
    if count == 1:
        return say("{count} minute", count=count)
    return say("{count} minutes", count=count)


def counted(count: int, one: str, many: str) -> Message:
    """``one`` or ``many`` (each a template with ``{count}``) as ``count`` needs."""
    return say(one if count == 1 else many, count=count)


# The UNDP's seven dimensions of human security (game_rules.session.scripting.DIMENSIONS), each a
# catalogue entry of its own so that "{dimension} security in {place}" translates whole.
DIMENSION_NAMES = {
    "economic": "Economic",
    "food": "Food",
    "health": "Health",
    "environmental": "Environmental",
    "personal": "Personal",
    "community": "Community",
    "political": "Political",
}


def dimension_name(dimension: str) -> Message:
    """A dimension as it opens "{dimension} security in {place}": "Food"."""
    return say(DIMENSION_NAMES.get(dimension, dimension.capitalize()))


# A ballot's choice as a sentence says it: "pledged to vote {choice}".
CHOICE_WORDS: dict[str, str] = {
    "yes": "yes",
    "no": "no",
    "abstain": "to abstain",
    "pass": "pass",
    "yes_with_rights": "yes, with the right to explain",
    "no_with_rights": "no, with the right to explain",
    "join": "to join the consensus",
    "object": "to object",
    "reservation": "to join with a reservation",
}


def choice_word(choice: str) -> Message:
    return say(CHOICE_WORDS.get(choice, choice))
