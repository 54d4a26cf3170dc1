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


# states of models whose audited state is not a ``status`` field with choices (a risk event's
# open/resolved); the apps register them: ``register_state_labels("creditinfo.riskevent", {...})``
_STATE_LABELS: dict[str, dict] = {}


def register_state_labels(model_label: str, labels: Mapping[str, object]) -> None:
    _STATE_LABELS.setdefault(model_label.lower(), {}).update(labels)
    _states.cache_clear()


@cache
def _states(content_type_id: int) -> dict:
    """A model's states in words: its registered labels, and the choices of the field its audit rows
    move (``status``, or the one the model names in ``audit_state_field``, e.g. a buyer's light)."""
    content_type = ContentType.objects.get_for_id(content_type_id)
    model = content_type.model_class()
    if model is None:
        return {}
    labels = dict(_STATE_LABELS.get(f"{content_type.app_label}.{content_type.model}", {}))
    try:
        field = model._meta.get_field(getattr(model, "audit_state_field", "status"))
    except FieldDoesNotExist:
        return labels
    return {**dict(field.flatchoices), **labels}  # lazy labels: translated when shown


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


# --- the values an act changed: before -> after, under the field's own label ---------------------------

# labels of figures that are not a field of the audited model (totals, computed amounts); the apps
# register theirs like their acts (``register_change_labels({"insurer_share_usd": _("...")})``)
_CHANGE_LABELS: dict[str, object] = {"deadline": _("Deadline")}


def register_change_labels(labels: Mapping[str, object]) -> None:
    _CHANGE_LABELS.update(labels)


def _field(content_type_id: int, name: str):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def change_label(content_type_id: int, name: str):
    """A registered label first (it may be more precise), else the model field's verbose name,
    else the name made readable."""
    if name in _CHANGE_LABELS:
        return _CHANGE_LABELS[name]
    field = _field(content_type_id, name)
    label = getattr(field, "verbose_name", None)
    if label:
        return label
    return name.replace("_", " ").capitalize()


def change_value(content_type_id: int, name: str, value) -> str:
    """A stored value as people read it: a choice's label, yes/no, amounts with separators, "—"
    for nothing."""
    from decimal import Decimal, InvalidOperation

    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return ", ".join(change_value(content_type_id, name, v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {change_value(content_type_id, k, v)}" for k, v in value.items())
    field = _field(content_type_id, name)
    choices = dict(getattr(field, "flatchoices", None) or [])
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, str) and value.lstrip("-").replace(".", "", 1).isdigit() and "." in value:
        try:
            amount = Decimal(value)
        except InvalidOperation:
            return value
        places = -amount.as_tuple().exponent
        return f"{amount:,.{places}f}"
    return str(value)


def change_rows(content_type_id: int, changes: Mapping | None) -> list[dict]:
    """``data["changes"]`` of an audit row as [{"field", "label", "before", "after"}]."""
    rows = []
    for name, pair in (changes or {}).items():
        before, after = (list(pair) + [None, None])[:2] if isinstance(pair, list | tuple) else (None, pair)
        rows.append(
            {
                "field": name,
                "label": change_label(content_type_id, name),
                "before": change_value(content_type_id, name, before),
                "after": change_value(content_type_id, name, after),
            }
        )
    return rows
