"""Which student caused an event: co-delegates share a seat, so the seat alone does not say.

The app sets a command's ``by_student`` from the student's own token (as it sets ``actor``);
every event of that command's turn carries it, and the assessment counts per student from it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, SerializerFunctionWrapHandler, model_serializer


class ByStudent(BaseModel):
    by_student: str | None = None

    @model_serializer(mode="wrap")
    def _without_unset_student(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Left out when None: events of rooms without students stay as they were on the wire.
        data = handler(self)
        if isinstance(data, dict) and data.get("by_student", "") is None:
            del data["by_student"]
        return data
