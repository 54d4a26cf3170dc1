"""Upload reports: every problem of a refused row is reported at once (not only the first), in
the reader's language, and the counts keep refused and already declared apart."""

from datetime import timedelta

import pytest
from django.utils import translation

from declarations.models import DeclarationBatchRow
from declarations.services import declaration_batch_process, declaration_batch_submit
from sinosure_portal.workdays.calendar import today
from tests.factories.declarations import declaring_setup

pytestmark = pytest.mark.django_db
HEADER = "Invoice number,Buyer,Shipment date,Currency,Amount,Payment term,Credit period (days),HS code,Goods or service\n"


def _csv(rows):
    return (HEADER + "".join(",".join(str(c) for c in r) + "\n" for r in rows)).encode()


def test_a_row_with_three_problems_lists_all_three():
    user, policy, limit = declaring_setup()
    shipped = (today() - timedelta(days=3)).isoformat()
    content = _csv(
        [
            ("P-1", "", shipped, "USD", "-1", "OA", 9999, "940360", ""),
            ("P-2", limit.buyer_id, shipped, "USD", "1000", "OA", 30, "940360", ""),
            ("P-3", limit.buyer_id, "not a date", "QQQ", "10", "OA", 30, "940360", ""),
        ]
    )
    batch = declaration_batch_submit(actor=user, policy_id=policy.pk, file_name="p.csv", content=content)
    batch = declaration_batch_process(batch_id=batch.pk)
    assert (batch.covered_rows, batch.refused_rows) == (1, 2)
    first = DeclarationBatchRow.objects.get(batch=batch, row_number=2)
    assert first.reason_code == "missing" and first.reason_params["column"] == "buyer"
    assert [code for code, _ in first.reason_params["more"]] == ["invalid_amount", "invalid_credit_days"]
    with translation.override("en"):
        text = first.reason_message
    assert "Buyer is missing." in text
    assert "-1 is not a positive amount" in text
    assert "9999 is not a credit period" in text
    with translation.override("zh-hans"):
        assert "9999" in first.reason_message and "-1" in first.reason_message
    second = DeclarationBatchRow.objects.get(batch=batch, row_number=4)
    assert second.reason_code == "invalid_date"
    assert [code for code, _ in second.reason_params["more"]] == ["invalid_currency"]
