"""Files on the S3-compatible object store (issue 16 item 3), against the real SeaweedFS that
`make test` starts: evidence, uploads and generated PDFs go through Django's storage API into the
bucket; downloads still go through the owner's view (never a bucket URL); a signed document whose
stored bytes changed is refused; the orphan sweep works on the bucket."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from claims import services as claim_services
from claims.models import ClaimDocument
from declarations.models import ShipmentDeclaration
from declarations.services import declaration_batch_process, declaration_batch_submit
from financing.models import IndemnityAssignment
from sinosure_portal.core.files import GRACE, orphaned_files_remove
from sinosure_portal.core.models import Document
from sinosure_portal.workdays.calendar import today
from tests.factories import ExporterFactory
from tests.factories.claims import PDF, filed_claim
from tests.factories.declarations import declaring_setup
from tests.factories.financing import financing_setup

pytestmark = pytest.mark.django_db


def _keys(s3) -> dict[str, bytes]:
    client, bucket, folder = s3
    listed = client.list_objects_v2(Bucket=bucket, Prefix=f"{folder}/").get("Contents", [])
    return {
        i["Key"][len(folder) + 1 :]: client.get_object(Bucket=bucket, Key=i["Key"])["Body"].read()
        for i in listed
    }


def test_the_storage_in_use_is_the_object_store(s3):
    assert default_storage.__class__.__name__ == "S3Storage"


def test_evidence_lands_in_the_bucket_and_is_served_only_through_the_claims_view(s3, api_for):
    user, claim = filed_claim()
    content = PDF + b"invoice 4711"
    doc = claim_services.claim_document_upload(
        actor=user, claim_id=claim.pk, kind="invoice", file_name="invoice-4711.pdf", content=content
    )
    stored = _keys(s3)
    assert stored == {doc.file.name: content}  # in the bucket, read back with boto3 directly
    url = f"/api/v1/claims/{claim.pk}/documents/{doc.pk}/"
    response = api_for(user).get(url)
    assert response.status_code == 200 and "Location" not in response
    assert b"".join(response.streaming_content) == content
    assert api_for(ExporterFactory()).get(url).status_code == 404  # another insured


def test_a_signed_document_is_read_again_from_the_bucket_and_refused_once_its_bytes_changed(
    s3, api_for, client_for
):
    setup = financing_setup()
    url = f"/api/v1/financing/agreements/{setup.agreement.pk}/pdf/"
    api = api_for(setup.exporter)
    first = api.get(url)
    assert first.status_code == 200
    issued = b"".join(first.streaming_content)
    assert issued.startswith(b"%PDF")
    doc = Document.objects.get(object_id=str(setup.agreement.pk), content_type__model="indemnityassignment")
    assert _keys(s3)[doc.file.name] == issued
    again = api.get(url)
    assert b"".join(again.streaming_content) == issued  # the stored one, not rendered anew
    assert Document.objects.filter(pk=doc.pk).count() == 1

    client, bucket, folder = s3
    client.put_object(
        Bucket=bucket, Key=f"{folder}/{doc.file.name}", Body=issued.replace(b"%PDF", b"%PDF ", 1)
    )
    refused = api.get(url)
    assert refused.status_code == 409 and refused.json()["code"] == "document_altered"
    assert "no longer matches" in refused.json()["message"]
    page = client_for(setup.exporter)
    page.cookies["django_language"] = "zh-hans"
    shown = page.get(f"/financing/agreements/{setup.agreement.pk}/pdf/")
    assert shown.status_code == 409 and "不再一致" in shown.content.decode()
    assert IndemnityAssignment.objects.filter(pk=setup.agreement.pk).exists()


def test_an_upload_stored_in_the_bucket_is_declared_from_there(s3):
    user, policy, limit = declaring_setup(amount=Decimal("100000"))
    shipped = (today() - timedelta(days=2)).isoformat()
    header = "invoice_number,buyer,shipment_date,currency,amount,payment_term,credit_days,hs_code\n"
    body = "".join(f"S3-{i},{limit.buyer_id},{shipped},USD,1000.00,OA,60,940360\n" for i in range(5))
    batch = declaration_batch_submit(
        actor=user, policy_id=policy.pk, file_name="s3.csv", content=(header + body).encode()
    )
    assert _keys(s3)[batch.file.name] == (header + body).encode()
    declaration_batch_process(batch_id=batch.pk)
    assert ShipmentDeclaration.objects.filter(batch=batch).count() == 5


class Boom(Exception):
    pass


def test_the_orphan_sweep_removes_from_the_bucket_only_what_no_row_names(s3):
    user, claim = filed_claim()
    kept = claim_services.claim_document_upload(
        actor=user, claim_id=claim.pk, kind="invoice", file_name="kept.pdf", content=PDF + b"kept"
    )
    with pytest.raises(Boom), transaction.atomic():
        claim_services.claim_document_upload(
            actor=user, claim_id=claim.pk, kind="invoice", file_name="lost.pdf", content=PDF + b"lost"
        )
        raise Boom
    assert ClaimDocument.objects.count() == 1 and len(_keys(s3)) == 2
    assert orphaned_files_remove(today=today()) == 0  # too recent: a transaction may still commit
    later = timezone.now() + GRACE + timedelta(hours=1)
    assert orphaned_files_remove(today=today() + timedelta(days=1), now=later) == 1
    assert list(_keys(s3)) == [kept.file.name]
