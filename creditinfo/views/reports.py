from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from creditinfo import selectors, services
from creditinfo.filters import ReportOrderFilter
from creditinfo.forms import ReasonForm, ReportDeliverForm, ReportOrderForm
from creditinfo.models import Buyer
from creditinfo.services.reports import ANALYST_ROLES, ORDER_ROLES
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.documents import document_response
from sinosure_portal.core.exports import filters_used, xlsx_response


@login_required
def report_list(request):
    filt = ReportOrderFilter(request.GET, queryset=selectors.report_orders_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "credit-report-orders.xlsx",
            [
                _("Reference"),
                _("Buyer"),
                _("Ordered by"),
                _("Status"),
                _("Ordered"),
                _("Due date"),
                _("Delivered"),
            ],
            (
                (
                    o.reference,
                    o.buyer_label,
                    o.organisation.display_name,
                    o.get_status_display(),
                    o.ordered_at,
                    o.due_date,
                    o.delivered_at,
                )
                for o in filt.qs
            ),
            filters=filters_used(filt),
        )
    page = Paginator(filt.qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "creditinfo/report_list.html",
        {"filter": filt, "page": page, "can_order": request.user.role in ORDER_ROLES},
    )


@login_required
def report_new(request):
    ensure_role(request.user, ORDER_ROLES, action=_("order credit reports"))
    buyer = None
    buyer_id = request.POST.get("buyer") or request.GET.get("buyer")
    if buyer_id and str(buyer_id).isdigit():
        buyer = Buyer.objects.select_related("country").filter(pk=int(buyer_id)).first()
    form = ReportOrderForm(
        request.POST or None,
        initial={"buyer": buyer.pk if buyer else None, "buyer_name": request.GET.get("name", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.credit_report_order_place(
                actor=request.user,
                buyer_id=buyer.pk if buyer else None,
                buyer_name=data["buyer_name"],
                buyer_country_id=data["buyer_country"].pk if data["buyer_country"] else None,
                buyer_registration_number=data["buyer_registration_number"],
                buyer_address=data["buyer_address"],
                notes=data["notes"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, _("Credit report ordered. It is due on %(date)s.") % {"date": order.due_date}
            )
            return redirect("creditinfo:report-detail", pk=order.pk)
    return render(request, "creditinfo/report_form.html", {"form": form, "buyer": buyer})


@login_required
def report_detail(request, pk: int):
    order = selectors.report_order_get(request.user, pk)
    is_analyst = request.user.role in ANALYST_ROLES
    return render(
        request,
        "creditinfo/report_detail.html",
        {
            "order": order,
            "document": selectors.report_order_document(order),
            "is_analyst": is_analyst,
            "deliver_form": ReportDeliverForm() if is_analyst else None,
            "cancel_form": ReasonForm(),
            "can_cancel": (is_analyst and order.status in ("ordered", "in_progress"))
            or (request.user.organisation_id == order.organisation_id and order.status == "ordered"),
            "history": audit_history(order),
        },
    )


@login_required
@require_POST
def report_start(request, pk: int):
    order = selectors.report_order_get(request.user, pk)
    services.credit_report_order_start(order_id=order.pk, actor=request.user)
    messages.success(request, _("You are working on this report."))
    return redirect("creditinfo:report-detail", pk=order.pk)


@login_required
@require_POST
def report_deliver(request, pk: int):
    order = selectors.report_order_get(request.user, pk)
    form = ReportDeliverForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("pdf")
        try:
            services.credit_report_order_deliver(
                order_id=order.pk,
                actor=request.user,
                findings=form.cleaned_data["findings"],
                pdf=upload.read() if upload else None,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Report delivered; the exporter has been told."))
            return redirect("creditinfo:report-detail", pk=order.pk)
    return render(
        request,
        "creditinfo/report_detail.html",
        {
            "order": order,
            "document": None,
            "is_analyst": True,
            "deliver_form": form,
            "cancel_form": ReasonForm(),
            "can_cancel": True,
            "history": audit_history(order),
        },
        status=400,
    )


@login_required
@require_POST
def report_cancel(request, pk: int):
    order = selectors.report_order_get(request.user, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.credit_report_order_cancel(
            order_id=order.pk, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Order cancelled."))
    return redirect("creditinfo:report-detail", pk=order.pk)


@login_required
def report_pdf(request, pk: int):
    order = selectors.report_order_get(request.user, pk)
    doc = selectors.report_order_document(order)
    if doc is None:
        raise Http404
    return document_response(doc, filename=f"{order.reference}.pdf")
