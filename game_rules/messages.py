"""Every sentence the engine says, as a message: an English template plus its parameters.

The template is written once, where the engine decides to say it, and is also the message's
key in every catalogue (the gettext convention: the English text is the ``msgid``). A screen,
the transcript or the debrief renders a message through the catalogue of its language; English
needs none. No client ever parses a sentence: it gets the template and the parameters.

Parameters are plain values, or messages themselves (a motion's name inside "Kenya moved ...").
Templates use ``{name}`` placeholders, as :meth:`str.format` does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

Param = Union[str, int, float, "Message"]


@dataclass(frozen=True)
class Message:
    text: str
    params: Mapping[str, Param] = field(default_factory=dict)

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        """Where a state model holds a message, the view's JSON Schema describes it as
        ``MessageJSON`` does (pydantic calls this; the module does not import pydantic)."""
        schema = handler.resolve_ref_schema(handler(core_schema))
        schema["description"] = "A sentence as a message: an English template (its msgid) and "
        schema["description"] += "its parameters, shown in any language through the catalogue."
        schema["properties"]["text"]["description"] = "The English template, with {name} "
        schema["properties"]["text"]["description"] += "placeholders; the catalogue's msgid."
        schema["properties"]["params"]["description"] = "Placeholder name -> a text, a number "
        schema["properties"]["params"]["description"] += "or a message to translate in its turn."
        return schema

    def english(self) -> str:
        """The message in English: the template with its parameters filled in."""
        return render(self, lambda template: template)

    def as_json(self) -> dict[str, Any]:
        """``{"text": template, "params": {...}}``, nested messages as the same shape."""
        params = {
            key: value.as_json() if isinstance(value, Message) else value
            for key, value in self.params.items()
        }
        return {"text": self.text, "params": params} if params else {"text": self.text}


def say(text: str, **params: Param) -> Message:
    return Message(text, params)


def render(
    message: Message, translate: Any, number: Callable[[int | float], str] | None = None
) -> str:
    """``message`` with ``translate(template) -> template`` applied to it and to every nested
    message (a catalogue lookup; identity for English), and ``number`` writing each number
    parameter (the language's decimal sign; English's by default)."""
    template = translate(message.text)
    if not message.params:
        return str(template)
    values = {
        key: render(value, translate, number)
        if isinstance(value, Message)
        else number(value)
        if number is not None and isinstance(value, int | float) and not isinstance(value, bool)
        else _plain(value)
        for key, value in message.params.items()
    }
    return str(template).format(**values)


def sentence(text: str) -> str:
    """``text`` starting with a capital, where its script has them: a question's title is a
    phrase ("motion to close debate by Chile") that may open a sentence or sit inside one."""
    return text[:1].upper() + text[1:]


def _plain(value: str | int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
