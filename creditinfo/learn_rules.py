"""Pure rules of the learning corner: the pinyin initials of a Chinese term and how a glossary
query is read."""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin, load_phrases_dict

# 行 reads háng where it names a bank (开证行 is the issuing bank, not kāizhèngxíng); pypinyin's
# phrase dictionary knows 银行 but not the banks of a documentary credit or a collection.
_BANK_WORDS = [
    "开证行",
    "通知行",
    "议付行",
    "保兑行",
    "付款行",
    "承兑行",
    "托收行",
    "代收行",
    "提示行",
    "偿付行",
    "寄单行",
    "转让行",
    "指定行",
    "交单行",
    "开证银行",
    "通汇行",
    "往来行",
    "贴现行",
]
load_phrases_dict({w: [[p] for p in lazy_pinyin(w[:-1])] + [["háng"]] for w in _BANK_WORDS})

_LATIN = re.compile(r"[a-z0-9]+")


def pinyin_initials(text: str) -> str:
    """The first letter of each Chinese character's pinyin, Latin letters and digits kept as they
    are (lower case), everything else dropped: 信用限额 -> xyxe, 付款交单（D/P） -> fkjddp."""
    out = []
    for chunk in lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="default"):
        out.extend(_LATIN.findall(chunk.lower()))
    return "".join(out)


def initials_query(query: str) -> str | None:
    """The query as pinyin initials when it can be some (Latin letters alone, no space): xyxe."""
    q = (query or "").strip().lower()
    return q if q and re.fullmatch(r"[a-z]{2,}", q) else None
