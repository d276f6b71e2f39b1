"""Exceptions raised by the engine. Every message is written for a delegate to read."""

from __future__ import annotations

from game_rules.messages import Message, Param


class RuleViolation(ValueError):
    """A command, vote or rule that the forum's rules do not allow.

    ``code`` is a stable machine-readable slug (for the wire protocol); ``say`` is what to tell
    the delegate, as a :class:`~game_rules.messages.Message` (an English template and its
    parameters), and ``str(exc)`` the same in English::

        raise NotInOrder("{member} is already on the speakers list.", member=name)
    """

    code: str = "rule_violation"

    def __init__(self, text: str, *, code: str | None = None, **params: Param) -> None:
        self.say = Message(text, params)
        super().__init__(self.say.english())
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class MalformedRule(RuleViolation):
    """A decision rule mapping that is missing keys or has impossible values."""

    code = "malformed_rule"


class InvalidVote(RuleViolation):
    """A vote from a non-member, an unknown vote value, or a party voting under Art. 27(3)."""

    code = "invalid_vote"


class NotInOrder(RuleViolation):
    """A motion, point or command that is legal in general but not at this moment."""

    code = "not_in_order"


class NotPermitted(RuleViolation):
    """The acting seat has no right to do this: a delegate using a chair command, an observer
    voting on substance."""

    code = "not_permitted"


class TextTooLong(RuleViolation):
    """A text over the length this forum allows (a note over its ``note_max_chars``)."""

    code = "text_too_long"
