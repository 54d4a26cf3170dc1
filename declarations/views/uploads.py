"""Uploads."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from declarations import selectors, services
from declarations.columns import COLUMN_LIST, PAYMENT_COLUMN_LIST
from declarations.forms import (
    UploadForm,
)
from declarations.models import DeclarationBatchRow
from declarations.services.bulk import ReportRow, report_rows_for_export
from declarations.views._common import DECLARERS, _declarer, _page  # noqa: F401
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import XLSX, usd, workbook_bytes, xlsx_response

# --- uploads ----------------------------------------------------------------------------------------------


@login_required
def upload(request):
    _declarer(request)
    policies = selectors.policies_declaring(request.user)
    if not policies.exists():
        return render(
            request,
            "declarations/not_declaring.html",
            {"policies": selectors.policies_not_declaring(request.user).order_by("-period_start")},
        )
    form = UploadForm(request.POST or None, request.FILES or None, policies=policies)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            batch = services.declaration_batch_submit(
                actor=request.user,
                policy_id=form.cleaned_data["policy"].pk,
                file_name=upload_file.name,
                content=upload_file.read(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("declarations:batch-detail", pk=batch.pk)
    batches = selectors.batches_visible(request.user)[:20]
    return render(request, "declarations/upload.html", {"form": form, "batches": batches})


@login_required
def template_download(request, fmt: str):
    language = "zh" if request.GET.get("lang", get_language() or "zh").startswith("zh") else "en"
    columns = PAYMENT_COLUMN_LIST if request.GET.get("kind") == "payments" else COLUMN_LIST
    headers = [c.zh if language == "zh" else c.en for c in columns]
    example = [c.example for c in columns]
    name = ("payments" if columns is PAYMENT_COLUMN_LIST else "declarations") + f"-template-{language}"
    if fmt == "xlsx":
        response = HttpResponse(
            workbook_bytes(headers, [example], sheet=_("Declarations")), content_type=XLSX
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerow(example)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
def batch_detail(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    outcome = request.GET.get("outcome") or ""
    rows = selectors.batch_report(batch, outcome=outcome or None)
    page = _page(request, rows, per_page=100) if batch.is_finished else None
    if page is not None:
        page.object_list = [ReportRow(r) for r in page.object_list]
    return render(
        request,
        "declarations/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "outcome": outcome,
            "outcomes": DeclarationBatchRow.Outcome.choices,
            "status_url": reverse("declarations:batch-status", args=[batch.pk]),
        },
    )


@login_required
def batch_status(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    return JsonResponse(
        {
            "id": batch.pk,
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "progress": batch.progress,
            "total_rows": batch.total_rows,
            "processed_rows": batch.processed_rows,
            "covered_rows": batch.covered_rows,
            "partly_covered_rows": batch.partly_covered_rows,
            "refused_rows": batch.refused_rows,
            "duplicate_rows": batch.duplicate_rows,
            "finished": batch.is_finished,
            "error": batch.error,
        }
    )


@login_required
def batch_report(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    return xlsx_response(
        f"declaration-report-{batch.pk}.xlsx",
        [
            _("Row"),
            pgettext("shipment", "Invoice number"),
            _("Buyer"),
            _("Outcome"),
            _("Reason"),
            _("Declared late"),
            _("Amount (USD)"),
            _("Covered (USD)"),
            _("Premium (USD)"),
        ],
        # the three USD amounts shown with cents (core.exports.usd)
        ((*r[:6], usd(r[6]), usd(r[7]), usd(r[8])) for r in report_rows_for_export(batch)),
        sheet=_("Report"),
    )


@login_required
@require_POST
def batch_retry(request, pk: int):
    batch = selectors.batch_get(request.user, pk)
    try:
        services.declaration_batch_retry(actor=request.user, batch_id=batch.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("The upload was started again; it resumes where it stopped."))
    return redirect("declarations:batch-detail", pk=pk)
