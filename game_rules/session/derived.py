"""Values worked out from parts of a frozen state, kept until those parts change.

States are immutable, and a new state shares every part it did not change with the one before
(``model_copy``), so "the same object" is a cheap and exact test of "unchanged". A derived value
(the parsed world, a view of 500 delegations) is kept in the model's ``__dict__`` under a name
that is not a field: pydantic leaves such keys out of dumps, equality, hashing and iteration,
and ``model_copy`` carries them to the next state, where they are reused while the parts they
were built from are still the very same objects. Nothing here changes what any function returns.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import is_
from typing import Any, TypeVar

from pydantic import BaseModel

T = TypeVar("T")

#: Prefix of the ``__dict__`` keys used here: never a field name, and a leading underscore
#: keeps them out of iteration over the model (``dict(state)``) too.
KEY_PREFIX = "_derived:"


def derived(model: BaseModel, name: str, sources: tuple[Any, ...], build: Callable[[], T]) -> T:
    """``build()``, kept on ``model`` and reused while ``sources`` are the same objects.

    Callers must treat the value as read-only: it is shared by every later state that still
    holds the same sources."""
    key = KEY_PREFIX + name
    kept = model.__dict__.get(key)
    if kept is not None and _same(kept[0], sources):
        value: T = kept[1]
        return value
    value = build()
    model.__dict__[key] = (sources, value)
    return value


def remember(model: BaseModel, name: str, sources: tuple[Any, ...], value: Any) -> None:
    """Record ``value`` as what ``build`` would give for ``sources`` (see :func:`derived`)."""
    model.__dict__[KEY_PREFIX + name] = (sources, value)


def _same(kept: tuple[Any, ...], sources: tuple[Any, ...]) -> bool:
    return len(kept) == len(sources) and all(map(is_, kept, sources))
