from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core import search
from sinosure_portal.core.dashboard import cards_for
from sinosure_portal.core.exports import filters_used, rate, xlsx_response
from sinosure_portal.core.filters import AuditEventFilter, ExchangeRateFilter
from sinosure_portal.core.forms import BusinessDayCalculatorForm, CalendarDayForm, ExchangeRateForm
from sinosure_portal.money.models import ExchangeRate
from sinosure_portal.money.services import exchange_rate_enter
from sinosure_portal.notifications.models import Notification
from sinosure_portal.notifications.services import notifications_mark_read
from sinosure_portal.workdays import calendar as workdays
from sinosure_portal.workdays.models import CalendarDay, CalendarYear

ROLE_HEADLINES = {
    Role.EXPORTER: "exporter",
    Role.BANK: "bank",
    Role.UNDERWRITER: "underwriter",
    Role.CLAIMS: "claims",
    Role.ADMIN: "admin",
}


@login_required
def dashboard(request):
    return render(
        request,
        "core/dashboard.html",
        {"cards": cards_for(request), "dashboard_kind": ROLE_HEADLINES.get(request.user.role, "exporter")},
    )


@login_required
def inbox(request):
    qs = Notification.objects.filter(user=request.user)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page})


@login_required
@require_POST
def inbox_mark_read(request):
    ids = request.POST.getlist("id")
    count = notifications_mark_read(
        user=request.user, ids=[int(i) for i in ids if i.isdigit()] if ids else None
    )
    messages.success(request, _("%(count)s messages marked as read.") % {"count": count})
    return redirect("core:inbox")


@login_required
def search_page(request):
    """The top bar's search as a page (what the box shows as you type, and what Enter opens)."""
    query = search.clean_query(request.GET.get("q"))
    groups = search.search(request.user, query)
    return render(
        request,
        "core/search.html",
        {
            "query": query,
            "groups": groups,
            "too_short": len(query) < search.MIN_CHARS,
            "min_chars": search.MIN_CHARS,
        },
    )


def _staff_only(request):
    if not is_insurer(request.user):
        raise Http404


@login_required
def rates(request):
    _staff_only(request)
    filt = ExchangeRateFilter(request.GET, queryset=ExchangeRate.objects.all())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "exchange-rates.xlsx",
            [_("Currency"), _("Date"), _("USD per unit"), _("Source")],
            (
                (currency, on, rate(per_unit, 10), source)
                for currency, on, per_unit, source in filt.qs.values_list(
                    "currency", "date", "usd_per_unit", "source"
                ).iterator()
            ),
            filters=filters_used(filt),
        )
    form = ExchangeRateForm(request.POST or None)
    if request.method == "POST":
        ensure_role(request.user, [Role.ADMIN, Role.UNDERWRITER], action=_("enter exchange rates"))
        if form.is_valid():
            try:
                exchange_rate_enter(
                    currency=form.cleaned_data["currency"],
                    on=form.cleaned_data["date"],
                    usd_per_unit=form.cleaned_data["usd_per_unit"],
                    actor=request.user,
                    source=form.cleaned_data["source"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Exchange rate saved."))
                return redirect("core:rates")
    page = Paginator(filt.qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/rates.html", {"filter": filt, "page": page, "form": form})


@login_required
def calendar_page(request):
    _staff_only(request)
    day_form = CalendarDayForm(request.POST or None, prefix="day")
    calc = BusinessDayCalculatorForm(request.GET or None)
    result = None
    if request.method == "POST":
        ensure_role(request.user, [Role.ADMIN], action=_("edit the working-day calendar"))
        if "confirm_year" in request.POST:
            from sinosure_portal.workdays.services import calendar_year_confirm

            calendar_year_confirm(
                year=int(request.POST["confirm_year"]),
                notice=request.POST.get("notice", ""),
                actor=request.user,
            )
            messages.success(request, _("Year marked as official."))
            return redirect("core:calendar")
        if day_form.is_valid():
            from sinosure_portal.workdays.services import calendar_day_enter

            try:
                calendar_day_enter(actor=request.user, **day_form.cleaned_data)
            except DomainError as error:
                day_form.add_domain_error(error)
            else:
                messages.success(request, _("Calendar day saved."))
                return redirect("core:calendar")
    if calc.is_valid():
        result = workdays.add_business_days(calc.cleaned_data["start"], calc.cleaned_data["days"])
    cov = workdays.coverage()
    years = sorted(
        {d.year for d in CalendarDay.objects.values_list("date", flat=True)} | {workdays.today().year + 1}
    )
    return render(
        request,
        "core/calendar.html",
        {
            "coverage": cov,
            "days": CalendarDay.objects.all(),
            "years": [
                {
                    "year": y,
                    "official": workdays.year_is_official(y),
                    "confirmed": CalendarYear.objects.filter(year=y, official=True).exists(),
                }
                for y in years
            ],
            "day_form": day_form,
            "calc": calc,
            "result": result,
        },
    )


@login_required
def audit_page(request):
    _staff_only(request)
    filt = AuditEventFilter(
        request.GET,
        queryset=AuditEvent.objects.select_related("actor", "actor_organisation", "content_type").order_by(
            "-at", "-id"
        ),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "audit-trail.xlsx",
            [_("When"), _("Object"), _("Action"), _("From"), _("To"), _("Who"), _("Why")],
            (
                (
                    e.at,
                    e.object_repr,
                    str(e.label),
                    str(e.from_label),
                    str(e.to_label),
                    e.actor.name if e.actor else _("system"),
                    e.why(),
                )
                for e in filt.qs.iterator(chunk_size=2000)
            ),
            filters=filters_used(filt),
        )
    page = Paginator(filt.qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"filter": filt, "page": page})


@login_required
def object_history(request, app_label: str, model: str, object_id: str):
    """The history of one object. Staff see any; others only objects they may see (checked by
    the owning app's selector when it registers one)."""
    _staff_only(request)
    try:
        ct = ContentType.objects.get(app_label=app_label, model=model)
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    events = (
        AuditEvent.objects.filter(content_type=ct, object_id=object_id)
        .select_related("actor")
        .order_by("at", "id")
    )
    if not events:
        raise Http404
    return render(request, "core/history.html", {"events": events, "object_repr": events[0].object_repr})


def healthz(request):
    """Liveness and readiness: database, broker, and how far the working-day calendar reaches.

    A stranger (anyone but staff) learns only whether the portal is ok: the details name the
    database vendor, the broker and error texts, which help nobody outside the insurer."""
    report: dict = {}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - a health check reports whatever broke
        report["database"] = {"ok": False, "error": str(exc)}
        status = 503
    try:
        from sinosure_portal.celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            report["broker"] = {
                "ok": True,
                "transport": conn.transport_cls
                if isinstance(conn.transport_cls, str)
                else conn.transport.driver_type,
            }
    except Exception as exc:  # noqa: BLE001
        report["broker"] = {"ok": False, "error": str(exc)}
        status = 503
    try:
        from sinosure_portal.outbox.relay import backlog

        # work waiting for the broker: grows while it is away, drains when it is back (not a failure)
        report["outbox"] = backlog()
    except Exception as exc:  # noqa: BLE001
        report["outbox"] = {"error": str(exc)}
    try:
        report["calendar"] = workdays.coverage()
    except Exception as exc:  # noqa: BLE001
        report["calendar"] = {"ok": False, "error": str(exc)}
        status = 503
    report["ok"] = status == 200
    if not (request.user.is_authenticated and request.user.is_staff):
        report = {"ok": report["ok"]}
    return JsonResponse(report, status=status)
