"""Every write of the learning corner: staff (the insurer's roles) write loss cases, country notes and
glossary terms; each save is one transaction with an audit row naming the fields it changed. The
demo content is loaded through the same functions (``learn_content_load``)."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creditinfo.learn_models import CountryNote, GlossaryTerm, LossCase, RiskTag
from creditinfo.models import Country
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import INSURER_ROLES
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, NotFound, Problems

CONTENT_DIR = Path(__file__).resolve().parent / "learn_content"

CASE_TEXTS = ("title", "happened", "insured_did", "claim", "lesson")
CASE_FIELDS = (*(f"{n}_{lang}" for n in CASE_TEXTS for lang in ("zh", "en")), "country_id", "risk_tags")
TERM_FIELDS = ("zh", "en", "category", "definition_zh", "definition_en")
NOTE_FIELDS = ("notes_zh", "notes_en")


def ensure_staff(actor) -> None:
    if actor is not None:  # None: the demo loader
        ensure_role(actor, INSURER_ROLES, action=_("edit the learning corner"))


def _required(problems: Problems, values: dict, names) -> None:
    for name in names:
        with problems.check():
            if not str(values.get(name) or "").strip():
                raise DomainError("required", _("This field is required."), field=name)


def _apply(obj, values: dict, fields, actor) -> dict:
    changes = {}
    for name in fields:
        new = values[name].strip() if isinstance(values[name], str) else values[name]
        old = getattr(obj, name)
        if old != new:
            changes[name] = (old, new)
            setattr(obj, name, new)
    obj.updated_at = timezone.now()
    obj.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    return changes


def _save_audited(obj, values: dict, fields, actor, *, created: bool, action: str):
    """Write ``values`` onto ``obj``; save it and leave an audit row (``learn.<action>_created`` or
    ``_changed``, with what changed) when it is new or something changed; else leave it be."""
    changes = _apply(obj, values, fields, actor)
    if changes or created:
        obj.save()
        audit_record(
            obj,
            action=f"learn.{action}_{'created' if created else 'changed'}",
            actor=actor,
            changes=None if created else changes,
        )
    return obj


# --- glossary ------------------------------------------------------------------------------------------


@transaction.atomic
def glossary_term_save(
    *,
    actor,
    term_id: int | None = None,
    zh: str,
    en: str,
    category: str,
    definition_zh: str,
    definition_en: str,
) -> GlossaryTerm:
    """Create a term (``term_id`` None) or change one; a Chinese term is in the glossary once."""
    ensure_staff(actor)
    values = {
        "zh": zh,
        "en": en,
        "category": category,
        "definition_zh": definition_zh,
        "definition_en": definition_en,
    }
    problems = Problems()
    _required(problems, values, TERM_FIELDS)
    with problems.check():
        if category and category not in GlossaryTerm.Category.values:
            raise DomainError("invalid_category", _("Choose one of the categories."), field="category")
    with problems.check():
        same = GlossaryTerm.objects.filter(zh=(zh or "").strip()).exclude(pk=term_id)
        if zh and same.exists():
            raise DomainError("term_exists", _("This term is already in the glossary."), field="zh")
    problems.raise_any()
    if term_id is None:
        term, created = GlossaryTerm(), True
    else:
        term = GlossaryTerm.objects.select_for_update().filter(pk=term_id).first()
        if term is None:
            raise NotFound("term_not_found", _("No such glossary term."))
        created = False
    return _save_audited(term, values, TERM_FIELDS, actor, created=created, action="term")


# --- loss cases ----------------------------------------------------------------------------------------


@transaction.atomic
def loss_case_save(*, actor, case_id: int | None = None, key: str = "", tags, **texts) -> LossCase:
    """Create a case or change one. ``texts`` are the ten texts (title_zh ... lesson_en) and
    ``country_id``; ``tags`` the risk tags (at least one)."""
    ensure_staff(actor)
    values = {name: texts.get(name, "") for name in CASE_FIELDS if name != "risk_tags"}
    values["country_id"] = str(values["country_id"] or "").upper()
    problems = Problems()
    _required(problems, values, [n for n in CASE_FIELDS if n != "risk_tags"])
    tags = [str(t) for t in (tags or [])]
    with problems.check():
        if not tags:
            raise DomainError("tags_required", _("Choose at least one risk tag."), field="risk_tags")
        unknown = [t for t in tags if t not in RiskTag.values]
        if unknown:
            raise DomainError(
                "invalid_tag", _("Unknown risk tag: %(tags)s."), field="risk_tags", tags=", ".join(unknown)
            )
    with problems.check():
        if values["country_id"] and not Country.objects.filter(pk=values["country_id"]).exists():
            raise DomainError("unknown_country", _("No such country."), field="country")
    problems.raise_any()
    values["risk_tags"] = LossCase.tags_column(tags)
    if case_id is None:
        case, created = LossCase(key=key or f"case-{timezone.now():%Y%m%d%H%M%S%f}"), True
    else:
        case = LossCase.objects.select_for_update().filter(pk=case_id).first()
        if case is None:
            raise NotFound("case_not_found", _("No such loss case."))
        created = False
    return _save_audited(case, values, CASE_FIELDS, actor, created=created, action="case")


# --- country notes -------------------------------------------------------------------------------------


@transaction.atomic
def country_note_save(*, actor, country_id: str, notes_zh: str, notes_en: str) -> CountryNote:
    """Write the insurer's notes on a country (one note per country, created on first save)."""
    ensure_staff(actor)
    country = Country.objects.filter(pk=str(country_id or "").replace("\x00", "").upper()).first()
    if country is None:
        raise NotFound("country_not_found", _("No such country."))
    values = {"notes_zh": notes_zh, "notes_en": notes_en}
    problems = Problems()
    _required(problems, values, NOTE_FIELDS)
    problems.raise_any()
    note = CountryNote.objects.select_for_update().filter(country=country).first()
    created = note is None
    if created:
        note = CountryNote(country=country)
    return _save_audited(note, values, NOTE_FIELDS, actor, created=created, action="note")


# --- the portal's own content --------------------------------------------------------------------------


def _content(pattern: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(CONTENT_DIR.glob(pattern)):
        rows.extend(json.loads(path.read_text(encoding="utf-8")))
    return rows


def learn_content_load() -> dict[str, int]:
    """Load creditinfo/learn_content/*.json (idempotent: what is there already, by Chinese term,
    case key or country, is left as staff may have edited it)."""
    terms = cases = notes = 0
    known_terms = set(GlossaryTerm.objects.values_list("zh", flat=True))
    for row in _content("glossary_*.json"):
        if row["zh"] not in known_terms:
            glossary_term_save(actor=None, **{k: row[k] for k in TERM_FIELDS})
            terms += 1
    known_cases = set(LossCase.objects.values_list("key", flat=True))
    countries = set(Country.objects.values_list("code", flat=True))
    for row in _content("cases*.json"):
        if row["key"] not in known_cases and row["country"] in countries:
            texts = {n: row[n] for n in CASE_FIELDS if n not in ("country_id", "risk_tags")}
            loss_case_save(actor=None, key=row["key"], tags=row["tags"], country_id=row["country"], **texts)
            cases += 1
    noted = set(CountryNote.objects.values_list("country_id", flat=True))
    for row in _content("country_notes*.json"):
        if row["country"] not in noted and row["country"] in countries:
            country_note_save(
                actor=None, country_id=row["country"], notes_zh=row["notes_zh"], notes_en=row["notes_en"]
            )
            notes += 1
    return {"glossary_terms": terms, "loss_cases": cases, "country_notes": notes}
