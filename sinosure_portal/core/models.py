from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def document_path(instance, filename: str) -> str:
    return f"documents/{timezone.now():%Y/%m}/{instance.sha256[:2]}/{instance.sha256}.pdf"


class Document(models.Model):
    """A generated PDF (policy schedule, approval, notice, receipt ...), stored once with its
    SHA-256 so that what was signed can be shown again unchanged."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to=document_path)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]

    def __str__(self) -> str:
        return self.title

    def verify(self) -> bool:
        """True when the stored bytes still hash to the recorded SHA-256."""
        import hashlib

        with self.file.open("rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest() == self.sha256


class IdempotencyRecord(models.Model):
    """The first answer to an API write sent with an ``Idempotency-Key`` header, kept so that a
    repeat (a client's retry) gets the same answer and changes nothing twice (core/idempotency.py).
    ``status_code`` is empty while the first request is still being processed."""

    key = models.CharField(max_length=255, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the method, path and body
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self) -> str:
        return self.key


class NumberSequence(models.Model):
    """The last business number given per prefix and year (see :mod:`sinosure_portal.core.numbering`)."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="core_number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}{self.year}: {self.last}"
