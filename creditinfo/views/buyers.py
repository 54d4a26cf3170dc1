from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from creditinfo import rules, selectors, services
from creditinfo.filters import BuyerFilter
from creditinfo.forms import BuyerRegisterForm
from creditinfo.views.common import RECORD_EVENT_ROLES, REGISTER_BUYER_ROLES
from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import filters_used, xlsx_response


@login_required
def light(request):
    """资信红绿灯: type a name or registration number, see the light as you type (the page asks
    the look-up API); without JavaScript the form submits and the same answer is rendered here."""
    query = request.GET.get("q", "").strip()
    result = selectors.buyer_lookup(query=query) if query else None
    rows = [_light_row(b) for b in result.buyers] if result else []
    return render(request, "creditinfo/light.html", {"query": query, "result": result, "rows": rows})


def _light_row(buyer) -> dict:
    return {
        "buyer": buyer,
        "reason": rules.light_reason_or_default(buyer.light, buyer.light_reason),
        "advice": rules.light_advice(buyer.light),
    }


@login_required
def buyer_list(request):
    filt = BuyerFilter(request.GET, queryset=selectors.buyer_queryset().order_by("name", "id"))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "buyers.xlsx",
            [
                pgettext("thing", "Name"),
                _("English name"),
                _("Chinese name"),
                _("Kind"),
                _("Country"),
                _("Registration number"),
                _("SWIFT code"),
                _("Industry"),
                _("Light"),
                _("Reason"),
            ],
            (
                (
                    b.name,
                    b.name_en,
                    b.name_zh,
                    b.get_kind_display(),
                    b.country_id,
                    b.registration_number,
                    b.swift_code,
                    b.industry_id or "",
                    b.get_light_display(),
                    b.light_reason,
                )
                for b in filt.qs[:50000]
            ),
            filters=filters_used(filt),
        )
    page = Paginator(filt.qs, 50).get_page(request.GET.get("page"))
    return render(request, "creditinfo/buyer_list.html", {"filter": filt, "page": page})


@login_required
def buyer_register(request):
    ensure_role(request.user, REGISTER_BUYER_ROLES, action=_("register buyers"))
    form = BuyerRegisterForm(request.POST or None, initial={"name": request.GET.get("name", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            buyer, created = services.buyer_register(
                name=data["name"],
                country_id=data["country"].pk,
                actor=request.user,
                kind=data["kind"],
                name_en=data["name_en"],
                name_zh=data["name_zh"],
                registration_number=data["registration_number"],
                swift_code=data["swift_code"],
                industry_id=data["industry"].pk if data["industry"] else None,
                address=data["address"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if created:
                messages.success(request, _("Buyer registered."))
            else:
                messages.info(request, _("This buyer is already registered: here it is."))
            return redirect("creditinfo:buyer-detail", pk=buyer.pk)
    return render(request, "creditinfo/buyer_form.html", {"form": form})


@login_required
def buyer_detail(request, pk: int):
    buyer = selectors.buyer_get(pk)
    followed = selectors.followed_by(request.user)
    context = {
        "buyer": buyer,
        "row": _light_row(buyer),
        "events": selectors.buyer_events(buyer),
        "light_history": selectors.buyer_light_history(buyer)[:20],
        "importers": buyer.importers.select_related("country")[:5],
        "follow_id": followed.subscription_id("buyer", buyer.pk),
        "can_record": request.user.role in RECORD_EVENT_ROLES,
        "history": audit_history(buyer) if is_insurer(request.user) else None,
    }
    return render(request, "creditinfo/buyer_detail.html", context)
