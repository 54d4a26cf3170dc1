"""The claim's evidence: the kinds of document, the officer's requests and the files uploaded."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from claims.models.claims import Claim


class EvidenceKind(models.TextChoices):
    CONTRACT = "contract", _("Sales contract")  # 贸易合同
    INVOICE = "invoice", _("Commercial invoice")  # 商业发票
    BILL_OF_LADING = "bill_of_lading", _("Bill of lading")  # 提单
    CUSTOMS_DECLARATION = "customs_declaration", _("Customs declaration")  # 出口报关单
    CORRESPONDENCE = "correspondence", _("Correspondence with the buyer")  # 往来函电
    OTHER = "other", _("Other")
    # returned before payment (seed)
    SIGNED_NOTICE_RECEIPT = "signed_notice_receipt", _("Signed indemnity notice receipt")  # 赔付通知书回执
    SIGNED_RECEIPT_TRANSFER = (
        "signed_receipt_transfer",
        _("Signed indemnity receipt and transfer of rights"),
    )  # 赔款收据及权益转让书
    AML = "aml", _("Anti-money-laundering material")  # 反洗钱材料


class DocumentRequest(models.Model):
    """The claims officer asks the insured for more documents; the insured answers with uploads."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the insured")  # asked, not yet answered
        ANSWERED = "answered", _("Answered")  # the insured uploaded or replied
        CANCELLED = "cancelled", _("Cancelled")  # no longer needed

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="document_requests")
    kind = models.CharField(
        pgettext_lazy("evidence", "document"), max_length=24, choices=EvidenceKind.choices
    )
    message = models.TextField(_("what is needed"))
    due_date = models.DateField(_("answer by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="doc_request_status_due")]

    def __str__(self) -> str:
        return f"{self.claim} {self.get_kind_display()}"


def evidence_path(instance, filename: str) -> str:
    return f"claims/evidence/{instance.claim_id}/{instance.sha256}.{instance.extension}"


class ClaimDocument(models.Model):
    """An uploaded evidence file, stored under MEDIA_ROOT and served only through the claim's view."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        pgettext_lazy("evidence", "document"), max_length=24, choices=EvidenceKind.choices
    )
    request = models.ForeignKey(
        DocumentRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("claim document")
        verbose_name_plural = _("claim documents")
        ordering = ["kind", "created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
