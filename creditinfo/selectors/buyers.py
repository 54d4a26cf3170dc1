"""Reads of buyers: lists, one buyer, and the traffic-light look-up (资信红绿灯).

Buyers, their lights and their risk events are credit information every signed-in user may
see; nothing here is scoped to an organisation (report orders are, see selectors.reports).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Length
from django.http import Http404

from creditinfo.models import (
    GENERIC_NAME_WORDS,
    Buyer,
    BuyerLightChange,
    NameWordFrequency,
    RiskEvent,
    name_search_key,
    normalise_name,
    registration_key,
)

LOOKUP_LIMIT = 10
# the most fuzzy candidates ranked per look-up (bounds the time of a look-up on a common name)
FUZZY_CANDIDATES = 100
CANDIDATE_WORD_CHARS = 8
CANDIDATE_CJK_CHARS = 4
# pg_trgm.word_similarity_threshold of a second try, and of Chinese words (the default is 0.6)
RELAXED_THRESHOLD = "0.45"
# below this many characters a name look-up would match half the database; Chinese names are
# short, so two Chinese characters are enough
MIN_LATIN_CHARS = 3
MIN_CJK_CHARS = 2


def buyer_queryset() -> QuerySet[Buyer]:
    return Buyer.objects.select_related("country", "industry")


def buyer_get(pk: int) -> Buyer:
    try:
        return buyer_queryset().get(pk=pk)
    except (Buyer.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def buyer_events(buyer: Buyer) -> QuerySet[RiskEvent]:
    return buyer.risk_events.select_related("recorded_by").order_by("-event_date", "-id")


def buyer_light_history(buyer: Buyer) -> QuerySet[BuyerLightChange]:
    return buyer.light_changes.order_by("-changed_at", "-id")


@dataclass
class LookupResult:
    query: str
    match: str = "none"  # registration | name | none
    buyers: list[Buyer] = field(default_factory=list)
    too_short: bool = False

    @property
    def found(self) -> bool:
        return bool(self.buyers)


def _has_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in text)


def _looks_like_registration(key: str) -> bool:
    # registration numbers carry digits; SWIFT codes are 8 or 11 letters/digits
    return bool(key) and (any(ch.isdigit() for ch in key) or len(key) in (8, 11))


def buyer_lookup(*, query: str, country_id: str | None = None, limit: int = LOOKUP_LIMIT) -> LookupResult:
    """Find buyers by registration number / SWIFT code (exact, ignoring spaces and dashes) or by
    name in any of its three forms (fuzzy and typo-tolerant on PostgreSQL through a trigram
    index; a contains-match with a small typo fallback on SQLite). One query in the usual case."""
    text = (query or "").strip()[:200]
    result = LookupResult(query=text)
    if not text:
        return result
    base = buyer_queryset()
    if country_id:
        base = base.filter(country_id=country_id.upper())
    key = registration_key(text)
    if _looks_like_registration(key):
        exact = list(base.filter(registration_key=key).order_by("id")[:limit])
        if exact:
            result.match, result.buyers = "registration", exact
            return result
    norm = normalise_name(text)
    if len(norm) < (MIN_CJK_CHARS if _has_cjk(norm) else MIN_LATIN_CHARS):
        result.too_short = True
        return result
    if connection.vendor == "postgresql":
        buyers = _name_lookup_trigram(base, norm, limit)
    else:
        buyers = _name_lookup_simple(base, norm, limit)
    if buyers:
        result.match, result.buyers = "name", buyers
    return result


def _name_lookup_trigram(base: QuerySet, norm: str, limit: int) -> list[Buyer]:
    """Match the query's distinctive words against the names' (Buyer.search_key). When that
    finds nothing, try once more with a lower similarity threshold: one mistyped letter in the
    middle of a seven-letter word leaves it only about half of its trigrams."""
    key = name_search_key(norm) or norm
    found = _trigram_search(base, key, norm, limit)
    if not found:
        found = _trigram_search(base, key, norm, limit, threshold=RELAXED_THRESHOLD)
    return found


def _near_generic(word: str) -> bool:
    """A mistyped or half-typed generic word ("Eletric", "Distributino", "Tradi")."""
    if not word.isascii() or len(word) < 3:
        return False
    for generic in GENERIC_NAME_WORDS:
        if len(generic) >= 5 and (
            generic.startswith(word) or difflib.SequenceMatcher(None, word, generic).ratio() >= 0.8
        ):
            return True
    return False


def _candidate_word(key: str) -> str:
    """What the trigram index is asked for: the key's rarest word (not among the common words
    of NameWordFrequency, not a mistyped generic word, which is in no name's key; the longest
    of those left), cut to its first few characters.

    The GIN index reads the posting list of every trigram asked for and first collects every
    row that matches: a common word ("golden") or a long one makes that slow. The start of a
    rare word is what people type and is selective; the whole key still ranks the candidates."""
    words = key.split()
    if not words:
        return key
    common = set(NameWordFrequency.objects.filter(word__in=words).values_list("word", flat=True))
    rare = [w for w in words if w not in common] or words
    best = max([w for w in rare if not _near_generic(w)] or rare, key=len)
    return best[: CANDIDATE_WORD_CHARS if best.isascii() else CANDIDATE_CJK_CHARS]


def _trigram_search(
    base: QuerySet, key: str, norm: str, limit: int, threshold: str | None = None
) -> list[Buyer]:
    """First the names whose key starts with the query's key (a B-tree with pattern ops: what
    people type, answered in a millisecond). If there are none, the names whose key holds a word
    similar to the query's rarest word (_candidate_word; GIN trigram, `search_key %> word` under
    pg_trgm.word_similarity_threshold, 0.6 by default): typos, other word orders, the English or
    Chinese name. At most FUZZY_CANDIDATES of those are ranked, by the similarity of the whole
    keys, the shorter key first, so that a common word cannot make the look-up slow."""
    from django.contrib.postgres.lookups import TrigramWordSimilar
    from django.contrib.postgres.search import TrigramWordSimilarity

    if threshold is None:
        starts = list(base.filter(search_key__startswith=key).order_by("search_key", "id")[:limit])
        if starts:
            return starts
    word = _candidate_word(key)
    similar = (
        base.filter(TrigramWordSimilar(F("search_key"), Value(word)))
        .order_by()
        .values("pk")[:FUZZY_CANDIDATES]
    )
    query = (
        base.filter(pk__in=similar)
        .annotate(score=TrigramWordSimilarity(Value(key), "search_key"), key_length=Length("search_key"))
        .order_by("-score", "key_length", "id")[:limit]
    )
    if threshold is None and not word.isascii():
        # Chinese names are words of few characters: one wrong character (a homophone picked by
        # the input method) halves their trigram similarity
        threshold = RELAXED_THRESHOLD
    if threshold is None:
        return list(query)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [threshold])
        return list(query)


def _similarity(norm: str, text: str) -> float:
    """How well the query matches the best stretch of the names: as many words as the query has,
    whole or cut to the query's length (Chinese names have no spaces to split on)."""
    words, k = text.split(), len(norm.split())
    best = 0.0
    for i in range(max(1, len(words) - k + 1)):
        chunk = " ".join(words[i : i + k])
        for candidate in (chunk, chunk[: len(norm)]):
            best = max(best, difflib.SequenceMatcher(None, norm, candidate).ratio())
    return best


def _name_lookup_simple(base: QuerySet, norm: str, limit: int) -> list[Buyer]:
    """SQLite and other databases: every word of the query contained in the names, starts-with
    first; when nothing contains it, the closest names sharing a word's first letters
    (difflib), which forgives a typo or two."""
    words = norm.split()
    contains = base
    for word in words:
        contains = contains.filter(search_text__contains=word)
    found = list(contains.order_by("search_text", "id")[: limit * 5])
    if found:
        found.sort(key=lambda b: (not b.search_text.startswith(norm), len(b.search_text), b.pk))
        return found[:limit]
    prefix_match = Q()
    for word in words:
        prefix_match |= Q(search_text__contains=word[:2])
    candidates = list(base.filter(prefix_match).order_by("id")[:3000])
    scored = [(score, b) for b in candidates if (score := _similarity(norm, b.search_text)) >= 0.75]
    scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
    return [buyer for _score, buyer in scored[:limit]]
