"""The OpenAPI schema validates and is generated without a single warning, in both languages (a
warning is a name a client generator guesses, or an operation it cannot describe)."""

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_schema_validates_without_warnings(tmp_path, lang):
    GENERATOR_STATS.reset()
    # --fail-on-warn raises on any warning or error, --validate checks it against the OpenAPI spec
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--lang", lang, "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").stat().st_size > 100_000
