"""Reads of the learning corner. Its content is the same for every signed-in user (it holds no
organisation's data); only staff may change it (creditinfo.learn_services)."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from creditinfo.learn_models import CountryNote, GlossaryTerm, LossCase, RiskTag
from creditinfo.learn_rules import initials_query
from creditinfo.models import Country
from creditinfo.selectors.countries import country_recent_events

MAX_QUERY = 100
MAX_ID = 2**31 - 1  # ids beyond a PostgreSQL integer are no row (not a database error)


def clean(text) -> str:
    """A parameter as the database can compare it (PostgreSQL refuses NUL characters)."""
    return str(text or "").replace("\x00", "")


def glossary_search(query: str = "", *, category: str = "") -> QuerySet[GlossaryTerm]:
    """Terms whose Chinese or English contains the query (any case), or whose pinyin initials do
    (xyxe -> 信用限额). Exact matches first, then terms that start with the query, then the rest."""
    q = clean(query).strip()[:MAX_QUERY]
    category = clean(category)
    terms = GlossaryTerm.objects.all()
    if category:
        terms = terms.filter(category=category)
    if not q:
        return terms.order_by("pinyin_initials", "zh")
    initials = initials_query(q)
    match = Q(zh__icontains=q) | Q(en__icontains=q)
    if initials:
        match |= Q(pinyin_initials__contains=initials)
    exact = Q(zh__iexact=q) | Q(en__iexact=q)
    starts = Q(zh__istartswith=q) | Q(en__istartswith=q)
    if initials:
        exact |= Q(pinyin_initials=initials)
        starts |= Q(pinyin_initials__startswith=initials)
    return (
        terms.filter(match)
        .annotate(
            rank=Case(
                When(exact, then=Value(0)),
                When(starts, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "pinyin_initials", "zh")
    )


def glossary_term_get(pk: int) -> GlossaryTerm:
    if not 0 < pk <= MAX_ID:
        raise Http404
    try:
        return GlossaryTerm.objects.get(pk=pk)
    except GlossaryTerm.DoesNotExist as exc:
        raise Http404 from exc


def loss_case_list(*, tag: str = "", country: str = "") -> QuerySet[LossCase]:
    tag, country = clean(tag), clean(country)
    cases = LossCase.objects.select_related("country")
    if tag in RiskTag.values:
        cases = cases.filter(risk_tags__contains=f",{tag},")
    if country:
        cases = cases.filter(country_id=country.upper())
    return cases.order_by("id")


def loss_case_get(pk: int) -> LossCase:
    if not 0 < pk <= MAX_ID:
        raise Http404
    try:
        return LossCase.objects.select_related("country").get(pk=pk)
    except LossCase.DoesNotExist as exc:
        raise Http404 from exc


def case_countries() -> QuerySet[Country]:
    """The countries that have a case (the case library's country filter)."""
    return Country.objects.filter(loss_cases__isnull=False).distinct().order_by("code")


def country_library() -> QuerySet[Country]:
    """Every country with its note (if staff wrote one) and how many cases it has."""
    return (
        Country.objects.select_related("learn_note")
        .annotate(cases=Count("loss_cases"))
        .order_by("risk_class", "code")
    )


def country_note(country: Country) -> CountryNote | None:
    return CountryNote.objects.filter(country=country).select_related("updated_by").first()


def country_page(code: str) -> dict:
    """One country of the risk library: its class and outlook, its recent events (the country's and
    its buyers'), the insurer's notes and the cases told about it."""
    try:
        country = Country.objects.get(pk=clean(code).upper())
    except Country.DoesNotExist as exc:
        raise Http404 from exc
    return {
        "country": country,
        "note": country_note(country),
        "events": country_recent_events(country, limit=10),
        "cases": list(LossCase.objects.filter(country=country).order_by("id")),
    }
