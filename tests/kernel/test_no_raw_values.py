"""People read labels, not codes (issue 15, class 1).

On the demo data, each demo role opens every page of its menu and every detail page those lists
link to, in Chinese and in English, and the text a person reads is searched for what a programmer
would write instead: codes in snake_case ("serious_default"), Django's empty choice "---------",
the null-boolean choice "Unknown / Yes / No" (未知/是/否), a minus after "less" (减：… USD -5,000.00,
a double negative), a rule or a buyer asked for by its row number ("规则 1", "Buyer (id)"). Each page also has a
title of its own (class 9), not the portal's name alone.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

ROLES = ["exporter", "bank", "underwriter", "claims", "admin"]
DETAILS_PER_LIST = 3
SKIP = ("/accounts/logout", "/api/", "/admin/", "/static/", "/media/", "/i18n/", "/sw.js", "/manifest")

# what a person must never read
RAW = [
    ("a code in snake_case", re.compile(r"(?<![\w./:@#-])[a-z]+(?:_[a-z]+)+(?![\w./:@(-])")),
    ("Django's empty choice", re.compile(r"-{5,}")),
    (
        "a double negative after 'less'",
        re.compile(r"(?:减：|less )[^\n]{0,60}?(?:USD|CNY|EUR|JPY|GBP)?\s?-\d"),
    ),
    ("a rule by its number", re.compile(r"(?:规则|rule) \d+\b")),
    ("a field asking for a row id", re.compile(r"\((?:id|ID)\)|（编号）")),
]
DEFAULT_TITLES = ("Export credit insurance portal ·", "出口信用保险门户 ·")
NULL_BOOLEAN = re.compile(r'<option value="unknown"[^>]*>\s*(?:未知|Unknown)\s*<')


class _Text(HTMLParser):
    """The text a person reads (no scripts, styles or attribute values) and the links."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "code", "pre", "textarea"}:
            self._skip += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                self.links.append(href.split("#")[0])

    def handle_endtag(self, tag):
        if tag in {"script", "style", "code", "pre", "textarea"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def read(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts), parser.links


def _pattern(url: str) -> str:
    """/claims/17/ and /claims/18/ are the same page: visit a few of each."""
    return re.sub(r"\d+", "N", url.split("?")[0])


@pytest.fixture
def demo(db):
    call_command("demo_data", verbosity=0)


def crawl(role: str, language: str) -> list[str]:
    from sinosure_portal.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=role))
    client.cookies["django_language"] = language
    home = client.get("/")
    text, links = read(home.content.decode())
    menu = re.findall(r'<nav class="sidebar.*?</nav>', home.content.decode(), re.S)
    assert menu, role
    _menu_text, menu_links = read(menu[0])
    queue = ["/", *dict.fromkeys(link for link in menu_links if not link.startswith(SKIP))]
    seen_patterns: dict[str, int] = {}
    visited: set[str] = set()
    problems: list[str] = []
    depth = dict.fromkeys(queue, 0)
    while queue:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        text, links = read(html)
        for what, pattern in RAW:
            for match in pattern.finditer(text):
                line = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " | ")
                problems.append(f"{role} {language} {url}: {what}: …{line}…")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        title_text = " ".join((title.group(1) if title else "").split())
        if url != "/" and (not title_text or title_text.startswith(DEFAULT_TITLES)):
            problems.append(f"{role} {language} {url}: no title of its own ({title_text!r})")
        if NULL_BOOLEAN.search(html):
            problems.append(f"{role} {language} {url}: a yes/no filter offers 'unknown'")
        if depth[url] >= 1:
            continue
        for link in links:
            if link.startswith(SKIP) or link in visited or "format=" in link or link.endswith(".pdf"):
                continue
            key = _pattern(link)
            if seen_patterns.get(key, 0) >= DETAILS_PER_LIST:
                continue
            seen_patterns[key] = seen_patterns.get(key, 0) + 1
            depth.setdefault(link, depth[url] + 1)
            queue.append(link)
    assert len(visited) > 8, (role, sorted(visited))
    return problems


def test_no_page_shows_a_raw_value_to_any_role_in_either_language(demo):
    problems = [p for language in ("zh-hans", "en") for role in ROLES for p in crawl(role, language)]
    assert problems == [], "\n".join(problems[:80]) + f"\n({len(problems)} in all)"


def test_the_check_sees_each_raw_pattern():
    """The patterns catch what was seen, and leave ordinary words alone."""
    seen = [
        "green -> red",
        "serious_default",
        "---------",
        "减：转卖所得 USD -5,000.00",
        "自动批准：规则 1",
        "买方（编号）",
    ]
    caught = [text for text in seen if any(p.search(text) for _w, p in RAW)]
    assert caught == seen[1:]
    fine = [
        "减：转卖所得 USD 5,000.00",
        "wang.li@example.com",
        "/claims/12/",
        "CL2026000001",
        "Due in 3 days",
    ]
    assert [text for text in fine if any(p.search(text) for _w, p in RAW)] == []
