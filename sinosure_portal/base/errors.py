"""The one domain error type.

Domain code raises :class:`DomainError` with a stable ``code`` (for machines), a translated
``message`` (for people) and, where one field or one row is at fault, its name. The API turns it
into a 400 JSON body; pages show it next to the field or at the top of the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


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


class DomainErrors(DomainError):
    """Several problems found together, each naming its field (or row), so that a form shows them
    all next to their fields at once and an API client reads them all in one answer. It reads as its
    first problem where one is expected (code, message, field)."""

    def __init__(self, errors: list[DomainError]):
        first = errors[0]
        super().__init__(first.code, first._message, field=first.field, row=first.row, **first.params)
        self.errors = list(errors)

    def as_dict(self) -> dict[str, Any]:
        body = super().as_dict()
        by_field: dict[str, list[str]] = {}
        for error in self.errors:
            by_field.setdefault(error.field or "non_field_errors", []).append(error.message)
        body["errors"] = by_field
        body["problems"] = [error.as_dict() for error in self.errors]
        return body


class Problems:
    """Collects every problem of an input instead of stopping at the first::

    problems = Problems()
    with problems.check():
        check_buyer(...)
    with problems.check():
        check_terms(...)
    problems.raise_any()  # one: that DomainError; several: DomainErrors
    """

    def __init__(self):
        self.errors: list[DomainError] = []

    @contextmanager
    def check(self) -> Iterator[None]:
        try:
            yield
        except DomainErrors as many:
            self.errors.extend(many.errors)
        except DomainError as error:
            self.errors.append(error)

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)


class TransitionNotAllowed(DomainError):
    """A workflow was asked for a move its table does not allow from the current state."""


class NotFound(DomainError):
    """What the actor asked for does not exist for them (another organisation's object reads the
    same): a 404 with a code, raised by services instead of Http404."""

    status_code = 404


class NotAllowed(DomainError):
    """The actor's role may not perform this action (the object itself is visible to them)."""

    status_code = 403


# --- database constraints, translated by name -------------------------------------------------------


@dataclass(frozen=True)
class ConstraintError:
    code: str
    message: Any
    field: str | None = None
    status_code: int = 409


_CONSTRAINTS: dict[str, ConstraintError] = {}


class ConstraintViolated(DomainError):
    """A database constraint refused a write (two requests raced past a check, or a repeat)."""

    status_code = 409


def register_constraint(
    name: str, code: str, message: Any, *, field: str | None = None, status_code: int = 409
) -> None:
    """Say what a violation of the database constraint ``name`` means to a user. Each app
    registers its constraints in its ``errors.py`` (imported from ``AppConfig.ready``)."""
    entry = ConstraintError(code, message, field, status_code)
    if _CONSTRAINTS.get(name, entry) != entry:
        raise ValueError(f"constraint {name} is registered twice with different meanings")
    _CONSTRAINTS[name] = entry


def constraint_name(exc: IntegrityError) -> str | None:
    """The name of the constraint an IntegrityError broke: PostgreSQL reports it; SQLite names a
    CHECK constraint, and for UNIQUE only the table and columns, which the models' constraints map
    back to a name."""
    diag = getattr(exc.__cause__, "diag", None)
    if getattr(diag, "constraint_name", None):
        return diag.constraint_name
    text = str(exc)
    match = re.search(r"CHECK constraint failed: (\w+)", text)
    if match:
        return match[1]
    match = re.search(r"UNIQUE constraint failed: ([\w., ]+)", text)
    if match:
        columns = [c.strip().split(".") for c in match[1].split(",")]
        return _unique_constraint_named(columns[0][0], {c[-1] for c in columns})
    return None


def _unique_constraint_named(table: str, columns: set[str]) -> str | None:
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.db_table != table:
            continue
        for constraint in model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if fields and {model._meta.get_field(f).column for f in fields} == columns:
                return constraint.name
    return None


def translate_integrity_error(exc: IntegrityError) -> DomainError:
    """The DomainError a user sees for a broken constraint: its registered meaning, or, for a
    constraint nobody registered, a generic "changed meanwhile" conflict (never a guess)."""
    name = constraint_name(exc)
    entry = _CONSTRAINTS.get(name or "")
    if entry is None:
        return ConstraintViolated(
            "conflict", _("This change conflicts with data saved meanwhile. Reload the page and try again.")
        )
    error = ConstraintViolated(entry.code, entry.message, field=entry.field)
    error.status_code = entry.status_code
    return error


@contextmanager
def integrity_errors() -> Iterator[None]:
    """Turn an IntegrityError raised inside into its DomainError at once (the transaction the
    error broke must be the one this block is in, or a savepoint of it)."""
    try:
        yield
    except IntegrityError as exc:
        raise translate_integrity_error(exc) from exc
