"""The upload size cap, enforced while the request body is read.

``CappedUploadHandler`` runs before Django's own handlers. It passes each file's chunks on until the
file is larger than ``PORTAL_UPLOAD_MAX_BYTES``, then keeps nothing more of it (the rest of the body
is still read, so the client gets an answer instead of a reset connection). Such a file reaches the
view as a :class:`RefusedUpload`: its name and size are there for the form and the serializer, and
reading it raises :class:`UploadTooLarge`, a 400 ``DomainError`` naming the file field. A view that
reads the upload inside its usual ``except DomainError`` shows the refusal next to the field; the API
turns it into a 400 body with the code ``too_large``.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import DomainError

MB = 1024 * 1024
TOO_LARGE = _("The file is %(size)s MB; files of at most %(max)s MB are accepted.")


def max_upload_bytes() -> int:
    return int(getattr(settings, "PORTAL_UPLOAD_MAX_BYTES", 20 * MB))


def size_params(size: int) -> dict[str, str]:
    return {"size": f"{size / MB:.1f}", "max": f"{max_upload_bytes() / MB:g}"}


class UploadTooLarge(DomainError):
    def __init__(self, size: int):
        super().__init__("too_large", TOO_LARGE, field="file", **size_params(size))


class RefusedUpload(UploadedFile):
    """A file that was larger than the cap: only its name and size were kept."""

    refused_too_large = True

    def __init__(self, name: str, size: int, content_type: str | None = None, charset: str | None = None):
        super().__init__(io.BytesIO(), name, content_type, size, charset)

    def _refuse(self, *args, **kwargs):
        raise UploadTooLarge(self.size)

    read = open = chunks = readline = readlines = _refuse

    def __iter__(self):
        raise UploadTooLarge(self.size)


class CappedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: stops passing a file on once it passes the cap."""

    def new_file(
        self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None
    ):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.seen = 0
        self.over = False

    def receive_data_chunk(self, raw_data, start):
        self.seen += len(raw_data)
        if self.over or self.seen > max_upload_bytes():
            self.over = True
            return None  # the handlers after this one get nothing more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.over:
            return RefusedUpload(self.file_name, file_size, self.content_type, self.charset)
        return None  # the next handler (memory or temporary file) holds the file
