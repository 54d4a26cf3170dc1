"""Credit report orders (资信报告): an exporter orders, an analyst (underwriter) delivers a PDF."""

from __future__ import annotations

import hashlib
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creditinfo import rules
from creditinfo.models import Buyer, Country, CreditReportOrder
from creditinfo.services.buyers import buyer_find_existing, buyer_register
from creditinfo.workflow import report_order_workflow
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role, User
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.documents import document_render
from sinosure_portal.core.models import Document
from sinosure_portal.notifications.services import ReminderSpec, reminders_create, sweep
from sinosure_portal.workdays import calendar as workdays

S = CreditReportOrder.Status
REPORT_KIND = "credit_report"
# a report is due this many China working days after it was ordered
REPORT_DUE_BUSINESS_DAYS = 5
ORDER_ROLES = [Role.EXPORTER, Role.BANK]
ANALYST_ROLES = [Role.UNDERWRITER, Role.ADMIN]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@transaction.atomic
def credit_report_order_place(
    *,
    actor: User,
    buyer_id: int | None = None,
    buyer_name: str = "",
    buyer_country_id: str | None = None,
    buyer_registration_number: str = "",
    buyer_address: str = "",
    notes: str = "",
) -> CreditReportOrder:
    """Order a report on a known buyer, or on one described by name and country. A described
    buyer that is in fact already registered is linked to it."""
    ensure_role(actor, ORDER_ROLES, action=gettext_lazy("order credit reports"))
    if not actor.organisation_id:
        raise DomainError("organisation_required", gettext_lazy("You do not belong to an organisation."))
    buyer = None
    buyer_name = (buyer_name or "").strip()
    if buyer_id:
        buyer = Buyer.objects.filter(pk=buyer_id).first()
        if buyer is None:
            raise DomainError("buyer_unknown", gettext_lazy("Unknown buyer."), field="buyer")
    else:
        if not buyer_name:
            raise DomainError(
                "buyer_name_required", gettext_lazy("The buyer's name is required."), field="buyer_name"
            )
        if not buyer_country_id or not Country.objects.filter(pk=buyer_country_id).exists():
            raise DomainError(
                "country_required", gettext_lazy("Choose the buyer's country."), field="buyer_country"
            )
        buyer = buyer_find_existing(
            country_id=buyer_country_id, name=buyer_name, registration_number=buyer_registration_number
        )
    due = workdays.add_business_days(workdays.today(), REPORT_DUE_BUSINESS_DAYS)
    order = CreditReportOrder.objects.create(
        organisation_id=actor.organisation_id,
        ordered_by=actor,
        buyer=buyer,
        buyer_name=buyer_name if buyer is None else "",
        buyer_country_id=buyer_country_id if buyer is None else None,
        buyer_registration_number=(buyer_registration_number or "").strip() if buyer is None else "",
        buyer_address=(buyer_address or "").strip() if buyer is None else "",
        notes=notes or "",
        due_date=due.date,
        due_provisional=due.provisional,
    )
    audit_record(order, action="credit_report_order.ordered", actor=actor, to_state=order.status)
    return order


def _locked(order_id: int) -> CreditReportOrder:
    return CreditReportOrder.objects.select_for_update().get(pk=order_id)


@transaction.atomic
def credit_report_order_start(*, order_id: int, actor: User) -> CreditReportOrder:
    """An analyst takes the order. A buyer described by name is registered now (or the existing
    registration is found), so the report and the buyer's page refer to one buyer."""
    ensure_role(actor, ANALYST_ROLES, action=gettext_lazy("work on credit report orders"))
    order = _locked(order_id)
    fields = ["analyst"]
    if order.buyer_id is None:
        buyer, _created = buyer_register(
            name=order.buyer_name,
            country_id=order.buyer_country_id,
            registration_number=order.buyer_registration_number,
            address=order.buyer_address,
            actor=actor,
        )
        order.buyer = buyer
        fields.append("buyer")
    order.analyst = actor
    report_order_workflow.transition(order, to=S.IN_PROGRESS, actor=actor, update_fields=fields)
    return order


def _document_store(obj, *, data: bytes, kind: str, title: str, actor) -> Document:
    """Keep an uploaded PDF the way the kernel keeps rendered ones: once, with its SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    doc = Document(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        kind=kind,
        title=str(title)[:200],
        sha256=digest,
        size=len(data),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    doc.file.save(f"{digest}.pdf", ContentFile(data), save=False)
    doc.save()
    return doc


def credit_report_context(order: CreditReportOrder) -> dict:
    """What the generated report shows: the buyer, its country and industry, its light with the
    reason and advice, and its risk events."""
    buyer = order.buyer
    events = list(buyer.risk_events.order_by("-event_date", "-id")) if buyer else []
    country_events = (
        list(buyer.country.risk_events.filter(resolved=False).order_by("-event_date")[:10]) if buyer else []
    )
    return {
        "order": order,
        "buyer": buyer,
        "events": events,
        "country_events": country_events,
        "light_reason": rules.light_reason_or_default(buyer.light, buyer.light_reason) if buyer else "",
        "advice": rules.light_advice(buyer.light) if buyer else "",
        "importers": list(buyer.importers.all()[:5]) if buyer else [],
    }


@transaction.atomic
def credit_report_order_deliver(
    *, order_id: int, actor: User, findings: str = "", pdf: bytes | None = None
) -> Document:
    """Deliver the report: the analyst's uploaded PDF, or one generated from the buyer's file.
    The exporter who ordered it is told once."""
    ensure_role(actor, ANALYST_ROLES, action=gettext_lazy("deliver credit reports"))
    order = _locked(order_id)
    if order.status != S.IN_PROGRESS:
        raise DomainError(
            "report_not_in_progress",
            gettext_lazy("Only a report in progress can be delivered (this one is %(status)s)."),
            status=order.get_status_display(),
        )
    order.findings = (findings or "").strip()
    title = _("Credit report %(ref)s: %(buyer)s") % {"ref": order.reference, "buyer": order.buyer_label}
    if pdf is not None:
        if len(pdf) > MAX_UPLOAD_BYTES:
            raise DomainError("report_too_large", gettext_lazy("The PDF is larger than 20 MB."), field="pdf")
        if not pdf.startswith(b"%PDF-"):
            raise DomainError("report_not_pdf", gettext_lazy("The uploaded file is not a PDF."), field="pdf")
        doc = _document_store(order, data=pdf, kind=REPORT_KIND, title=title, actor=actor)
    else:
        doc = document_render(
            order,
            kind=REPORT_KIND,
            template="creditinfo/documents/credit_report.html",
            context=credit_report_context(order),
            title=title,
            actor=actor,
        )
    order.delivered_at = timezone.now()
    report_order_workflow.transition(
        order,
        to=S.DELIVERED,
        actor=actor,
        data={"document": doc.pk, "sha256": doc.sha256, "uploaded": pdf is not None},
        update_fields=["findings", "delivered_at"],
    )
    reminders_create(
        [
            ReminderSpec(
                key=f"credit-report-delivered:{order.pk}:{order.ordered_by_id}",
                kind="creditinfo.report_delivered",
                user_id=order.ordered_by_id,
                params={"ref": order.reference, "buyer": order.buyer_label},
                url=reverse("creditinfo:report-detail", args=[order.pk]),
            )
        ]
    )
    return doc


@transaction.atomic
def credit_report_order_cancel(*, order_id: int, actor: User, reason: str = "") -> CreditReportOrder:
    """The ordering organisation may withdraw an order no analyst has taken yet; an analyst may
    cancel one not delivered (with a reason)."""
    order = _locked(order_id)
    if actor.role in ANALYST_ROLES:
        if not (reason or "").strip():
            raise DomainError(
                "reason_required", gettext_lazy("Say why the order is cancelled."), field="reason"
            )
    elif actor.organisation_id == order.organisation_id and actor.role in ORDER_ROLES:
        if order.status != S.ORDERED:
            raise DomainError(
                "report_already_started",
                gettext_lazy("An analyst is already working on this report; ask the insurer to cancel it."),
            )
    else:
        ensure_role(actor, ANALYST_ROLES, action=gettext_lazy("cancel this order"))
    report_order_workflow.transition(order, to=S.CANCELLED, actor=actor, reason=reason)
    return order


def credit_report_orders_remind_due(*, today: date) -> int:
    """Remind analysts of open orders due within a working day or overdue: the order's analyst,
    or every underwriter while nobody has taken it. Once per order, user and stage (due soon /
    overdue), however often it runs; a missed day is caught up."""
    horizon = workdays.add_business_days(today, 1).date
    orders = list(
        CreditReportOrder.objects.filter(status__in=[S.ORDERED, S.IN_PROGRESS], due_date__lte=horizon)
        .select_related("buyer")
        .only("pk", "due_date", "analyst_id", "buyer_name", "buyer__name", "buyer__name_en", "buyer__name_zh")
    )
    underwriters = list(
        User.objects.filter(is_active=True, role=Role.UNDERWRITER).values_list("pk", flat=True)
    )
    with transaction.atomic(), sweep("creditinfo.remind_report_orders_due", today) as run:
        specs = []
        for order in orders:
            stage = "overdue" if order.due_date < today else "due"
            for user_id in [order.analyst_id] if order.analyst_id else underwriters:
                specs.append(
                    ReminderSpec(
                        key=f"credit-report-due:{order.pk}:{user_id}:{stage}",
                        kind=f"creditinfo.report_{stage}",
                        user_id=user_id,
                        params={"ref": order.reference, "date": order.due_date.isoformat()},
                        body=order.buyer_label,
                        url=reverse("creditinfo:report-detail", args=[order.pk]),
                        due_date=order.due_date,
                        level="danger" if stage == "overdue" else "warning",
                    )
                )
        run.created = reminders_create(specs)
    return run.created
