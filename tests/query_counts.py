"""List pages and list endpoints read in a fixed number of queries (issue 12 item 8): measured with a
few rows, then again after 50 more, the count must not grow (no query per row). Each app's
``test_query_counts.py`` lists its pages and endpoints and calls these."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(get: Callable) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = get()
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    return len(ctx.captured_queries)


def _listed(response) -> int:
    body = response.json()
    return len(body) if isinstance(body, list) else body["count"]


def assert_page_reads_alike(client, url: str, params: dict, make: Callable[[int], None]) -> None:
    """``make(n)`` adds n rows the reader sees; the page (or its export) then reads in no more queries."""
    make(3)
    client.get(url, params)  # a session's first request also writes its last-seen time
    few = queries_of(lambda: client.get(url, params))
    make(50)
    many = queries_of(lambda: client.get(url, params))
    assert many <= few, f"{url} {params}: {few} queries with 3 rows, {many} with 53"


def assert_endpoint_reads_alike(
    api, url: str, make: Callable[[int], None], *, grows_by: int = 50, count: int | None = None
) -> None:
    """The endpoint lists the new rows (its count grows by at least ``grows_by``, or is ``count``)
    and reads them in no more queries."""
    make(3)
    few = queries_of(lambda: api.get(url))
    listed = _listed(api.get(url))
    make(50)
    many = queries_of(lambda: api.get(url))
    after = _listed(api.get(url))
    if count is not None:
        assert after == count, (url, after)
    assert after >= listed + grows_by, (url, listed, after)
    assert many <= few, f"{url}: {few} queries with 3 rows, {many} with 53"
