"""Audit rows in words: a state's label from its model's ``status`` choices, an act's label from
what the owning app registered (``register_action_labels``), else the act's name made readable."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

# the kernel's own acts; the apps register theirs when they are ready
_ACTION_LABELS: dict[str, object] = {
    "exchange_rate.entered": _("Rate entered"),
    "exchange_rate.changed": _("Rate changed"),
    "calendar_day.entered": _("Calendar day entered"),
    "calendar_day.changed": _("Calendar day changed"),
    "calendar_year.confirmed": _("Year confirmed as official"),
    "deadline.recomputed": _("Deadline recomputed on the official calendar"),
}


def register_action_labels(labels: Mapping[str, object]) -> None:
    """Apps name their non-state acts (``"claim.deduction_added": _("Deduction entered")``)."""
    _ACTION_LABELS.update(labels)


@cache
def _states(content_type_id: int) -> dict:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return {}
    try:
        field = model._meta.get_field("status")
    except FieldDoesNotExist:
        return {}
    return dict(field.flatchoices)  # lazy labels: translated when shown


def state_label(content_type_id: int, state: str):
    if not state:
        return ""
    return _states(content_type_id).get(state, state)


def action_label(action: str, content_type_id: int | None = None, to_state: str = ""):
    """A registered act's label; a move reads as the state it reached; else the act's name."""
    if action in _ACTION_LABELS:
        return _ACTION_LABELS[action]
    if to_state and content_type_id:
        return state_label(content_type_id, to_state)
    act = action.rsplit(".", 1)[-1]
    return act.replace("_", " ").capitalize()
