"""The events an organisation's systems can be told of, declared by the apps in their ``webhooks.py``.

The kernel imports no app: each app declares, in its own ``webhooks.py`` (autodiscovered):

- the event types it raises (``webhook_event``: a type such as "limit.decided" and its label);
- how one of its objects is shown in a delivery (``webhook_object``: the rows to load with what
  they join, the serialiser, "as the API would show it", and the organisations that may see it);
- which audit rows raise an event (``webhook_on_audit``: the model, the event type and a test on
  the row's action and states), so every workflow move can raise one in its own transaction.

Events that are no move of a workflow (a deadline drawing near in a sweep) are raised by the app
with ``sinosure_portal.webhooks.emit.webhook_emit``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventType:
    type: str
    label: Any
    description: Any = ""
    order: int = 100


@dataclass(frozen=True)
class ObjectShape:
    model: type[Model]
    # the rows to load (with their joins), given their ids
    queryset: Callable[[], QuerySet]
    # the object as the API shows it (a JSON-ready dict)
    serialize: Callable[[Model], dict]
    # the organisations that may see the object (the insurer's staff see everything)
    organisations: Callable[[Model], Iterable[int]]


@dataclass(frozen=True)
class AuditRule:
    type: str
    # (action, from_state, to_state) -> does this audit row raise the event?
    when: Callable[[str, str, str], bool] = field(default=lambda action, from_state, to_state: True)


_EVENTS: dict[str, EventType] = {}
_OBJECTS: dict[type[Model], ObjectShape] = {}
_AUDIT_RULES: dict[type[Model], list[AuditRule]] = {}

TEST_EVENT = "webhook.test"


def default_organisations(obj: Model) -> list[int]:
    """The insured (``organisation``) and, where the object has one, its bank."""
    return [i for i in (getattr(obj, "organisation_id", None), getattr(obj, "bank_id", None)) if i]


def webhook_event(type: str, label, *, description="", order: int = 100) -> None:
    _EVENTS[type] = EventType(type, label, description, order)


def webhook_object(
    model: type[Model],
    *,
    serialize: Callable[[Model], dict],
    queryset: Callable[[], QuerySet] | None = None,
    organisations: Callable[[Model], Iterable[int]] = default_organisations,
) -> None:
    _OBJECTS[model] = ObjectShape(
        model, queryset or (lambda: model._default_manager.all()), serialize, organisations
    )


def webhook_on_audit(model: type[Model], type: str, when: Callable[[str, str, str], bool] | None = None):
    rules = _AUDIT_RULES.setdefault(model, [])
    rule = AuditRule(type, when) if when else AuditRule(type)
    if all(r.type != type for r in rules):
        rules.append(rule)


def event_types() -> list[EventType]:
    """Every event an endpoint may choose, in display order (the test event is always sent)."""
    return sorted(_EVENTS.values(), key=lambda e: (e.order, e.type))


def event_type(type: str) -> EventType | None:
    return _EVENTS.get(type)


def event_label(type: str) -> str:
    event = _EVENTS.get(type)
    return str(event.label) if event else type


def object_shape(model: type[Model]) -> ObjectShape | None:
    return _OBJECTS.get(model)


def audit_rules(model: type[Model]) -> list[AuditRule]:
    return _AUDIT_RULES.get(model, [])


webhook_event(TEST_EVENT, _("Test event"), order=1000)
