"""The one domain error type.

Domain code raises :class:`DomainError` with a stable ``code`` (for machines), a translated
``message`` (for people) and, where one field or one row is at fault, its name. The API turns it
into a 400 JSON body; pages show it next to the field or at the top of the page.
"""

from __future__ import annotations

from typing import Any

from django.utils.encoding import force_str


class DomainError(Exception):
    status_code = 400

    def __init__(
        self, code: str, message: Any, *, field: str | None = None, row: int | None = None, **params: Any
    ):
        self.code = code
        self._message = message
        self.field = field
        self.row = row
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = force_str(self._message)
        return text % self.params if self.params else text

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        if self.row is not None:
            body["row"] = self.row
        return body

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class TransitionNotAllowed(DomainError):
    """A workflow was asked for a move its table does not allow from the current state."""


class NotAllowed(DomainError):
    """The actor's role may not perform this action (the object itself is visible to them)."""

    status_code = 403
