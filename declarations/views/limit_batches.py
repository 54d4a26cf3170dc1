"""Bulk limit actions: the upload with the recent batches, one batch with its progress bar and
per-row report, its status (polled), the report as Excel, retry, and the template."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from declarations import selectors
from declarations.files import upload_bytes
from declarations.forms import LimitBatchForm
from declarations.limit_columns import LIMIT_COLUMN_LIST
from declarations.models import LimitBatchRow
from declarations.services import limit_batches
from declarations.views._common import _page
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import XLSX, usd, workbook_bytes, xlsx_response

TEMPLATE_ROWS = [
    [
        "apply",
        "",
        "COM2026000001",
        "Mueller Trading GmbH",
        "100000.00",
        "O/A",
        "90",
        "家具 furniture",
        "",
        "",
    ],
    ["renew", "CL2026000001", "", "", "150000.00", "", "", "", "", ""],
    ["reduce", "CL2026000002", "", "", "50000.00", "", "", "", "", "买方付款放缓 slower payments"],
    ["cancel", "CL2026000003", "", "", "", "", "", "", "", "不再出口 no more exports"],
]


def _uploader(request):
    ensure_role(request.user, limit_batches.UPLOADERS, action=_("change credit limits in bulk"))


@login_required
def batch_list(request):
    _uploader(request)
    form = LimitBatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch, _created = limit_batches.limit_batch_submit(
                actor=request.user,
                file_name=upload.name,
                content=upload_bytes(upload),
                client_reference=form.cleaned_data["client_reference"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("limit_batches:batch-detail", pk=batch.pk)
    batches = selectors.limit_batches_visible(request.user)[:20]
    return render(request, "declarations/limit_batches.html", {"form": form, "batches": batches})


@login_required
def batch_detail(request, pk: int):
    batch = selectors.limit_batch_get(request.user, pk)
    outcome = request.GET.get("outcome") or ""
    rows = batch.rows.select_related("application", "limit").order_by("row_number")
    if outcome in LimitBatchRow.Outcome.values:
        rows = rows.filter(outcome=outcome)
    page = _page(request, rows, per_page=100) if batch.is_finished else None
    return render(
        request,
        "declarations/limit_batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "outcome": outcome,
            "outcomes": LimitBatchRow.Outcome.choices,
            "status_url": reverse("limit_batches:batch-status", args=[batch.pk]),
        },
    )


@login_required
def batch_status(request, pk: int):
    batch = selectors.limit_batch_get(request.user, pk)
    return JsonResponse(
        {
            "id": batch.pk,
            "status": batch.status,
            "progress": batch.progress,
            "total_rows": batch.total_rows,
            "processed_rows": batch.processed_rows,
            "done_rows": batch.done_rows,
            "refused_rows": batch.refused_rows,
            "finished": batch.is_finished,
            "error": batch.error,
        }
    )


@login_required
def batch_report(request, pk: int):
    batch = selectors.limit_batch_get(request.user, pk)
    return xlsx_response(
        f"limit-batch-report-{batch.pk}.xlsx",
        [
            _("Row"),
            _("Action"),
            _("Limit or buyer"),
            _("Outcome"),
            _("Application or limit"),
            _("Amount (USD)"),
            _("Problems"),
        ],
        (
            (*r[:5], usd(r[5]) if r[5] is not None else None, r[6])
            for r in limit_batches.report_rows_for_export(batch)
        ),
        sheet=_("Report"),
    )


@login_required
@require_POST
def batch_retry(request, pk: int):
    batch = selectors.limit_batch_get(request.user, pk)
    try:
        limit_batches.limit_batch_retry(actor=request.user, batch_id=batch.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("The batch was started again; it resumes after the last row done."))
    return redirect("limit_batches:batch-detail", pk=pk)


@login_required
def template_download(request, fmt: str):
    language = "zh" if request.GET.get("lang", get_language() or "zh").startswith("zh") else "en"
    headers = [c.zh if language == "zh" else c.en for c in LIMIT_COLUMN_LIST]
    name = f"limit-batch-template-{language}"
    if fmt == "xlsx":
        response = HttpResponse(
            workbook_bytes(headers, TEMPLATE_ROWS, sheet=_("Limit batch")), content_type=XLSX
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(TEMPLATE_ROWS)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
