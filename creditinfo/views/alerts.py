from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from creditinfo import selectors, services
from creditinfo.filters import RiskEventFeedFilter
from creditinfo.forms import FollowForm, ReasonForm, RiskEventForm
from creditinfo.models import Buyer
from creditinfo.views.common import RECORD_EVENT_ROLES, safe_next
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import filters_used, xlsx_response
from sinosure_portal.workdays import calendar as workdays


@login_required
def alerts(request):
    """资信报警器: the feed of risk events (filterable) and what the user follows."""
    base = selectors.risk_event_feed(user=request.user)
    filt = RiskEventFeedFilter(request.GET, queryset=base, request=request)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "risk-events.xlsx",
            [_("Date"), _("Kind"), _("Title"), _("Company"), _("Country"), _("Industry"), _("Resolved")],
            (
                (
                    e.event_date,
                    e.get_kind_display(),
                    e.title,
                    e.buyer.display_name if e.buyer else "",
                    e.country.name if e.country else (e.buyer.country.name if e.buyer else ""),
                    e.industry.name if e.industry else "",
                    _("yes") if e.resolved else "",
                )
                for e in filt.qs[:20000]
            ),
            filters=filters_used(filt),
        )
    page = Paginator(filt.qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "creditinfo/alerts.html",
        {
            "filter": filt,
            "page": page,
            "subscriptions": selectors.subscriptions_of(request.user),
            "can_record": request.user.role in RECORD_EVENT_ROLES,
        },
    )


@login_required
@require_POST
def follow(request):
    form = FollowForm(request.POST)
    fallback = reverse("creditinfo:alerts")
    if form.is_valid():
        data = form.cleaned_data
        try:
            sub, created = services.subscription_follow(
                user=request.user,
                country_id=(data["country"] or "").upper() or None,
                industry_id=(data["industry"] or "").upper() or None,
                buyer_id=data["buyer"],
                email=data["email"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if created:
                messages.success(request, _("You now follow %(subject)s.") % {"subject": sub.subject})
            else:
                messages.info(request, _("You already follow %(subject)s.") % {"subject": sub.subject})
    return redirect(safe_next(request, fallback))


@login_required
@require_POST
def unfollow(request, pk: int):
    services.subscription_unfollow(user=request.user, subscription_id=pk)
    messages.success(request, _("You no longer follow it."))
    return redirect(safe_next(request, reverse("creditinfo:alerts")))


@login_required
def risk_event_new(request):
    """Staff record a risk event on a buyer, a country and/or an industry."""
    ensure_role(request.user, RECORD_EVENT_ROLES, action=_("record risk events"))
    initial = {k: request.GET.get(k) for k in ("buyer", "country", "industry") if request.GET.get(k)}
    initial["event_date"] = workdays.today()
    form = RiskEventForm(request.POST or None, initial=initial)
    buyer = None
    buyer_id = request.POST.get("buyer") or request.GET.get("buyer")
    if buyer_id and str(buyer_id).isdigit():
        buyer = Buyer.objects.select_related("country").filter(pk=int(buyer_id)).first()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["buyer"] and buyer is None:
                raise DomainError("buyer_unknown", _("Unknown buyer."), field="buyer")
            event = services.risk_event_record(
                kind=data["kind"],
                event_date=data["event_date"],
                title=data["title"],
                description=data["description"],
                actor=request.user,
                buyer=buyer,
                country_id=data["country"].pk if data["country"] else None,
                industry_id=data["industry"].pk if data["industry"] else None,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Risk event recorded; its followers are being told."))
            if event.buyer_id:
                return redirect("creditinfo:buyer-detail", pk=event.buyer_id)
            if event.country_id:
                return redirect("creditinfo:country-detail", code=event.country_id)
            return redirect("creditinfo:alerts")
    return render(request, "creditinfo/risk_event_form.html", {"form": form, "buyer": buyer})


@login_required
@require_POST
def risk_event_resolve(request, pk: int):
    ensure_role(request.user, RECORD_EVENT_ROLES, action=_("resolve risk events"))
    from django.shortcuts import get_object_or_404

    from creditinfo.models import RiskEvent

    event = get_object_or_404(RiskEvent, pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    services.risk_event_resolve(
        event_id=event.pk, actor=request.user, reason=form.cleaned_data.get("reason", "")
    )
    messages.success(request, _("Event marked resolved."))
    fallback = (
        reverse("creditinfo:buyer-detail", args=[event.buyer_id])
        if event.buyer_id
        else reverse("creditinfo:alerts")
    )
    return redirect(safe_next(request, fallback))
