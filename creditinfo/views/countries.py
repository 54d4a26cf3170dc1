from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from creditinfo import selectors
from creditinfo.learn_models import CountryNote
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.core.exports import usd, xlsx_response


@login_required
def country_list(request):
    countries = list(selectors.country_list())
    exposure = selectors.exposure_by_country() if is_insurer(request.user) else None
    for c in countries:
        c.exposure_usd = exposure.get(c.code) if exposure is not None else None
    if request.GET.get("format") == "xlsx":
        headers = [_("Code"), _("Country"), _("Risk class"), _("Outlook"), _("Open events")]
        if exposure is not None:
            headers.append(_("Exposure (USD)"))
        return xlsx_response(
            "countries.xlsx",
            headers,
            (
                [c.code, c.name, c.risk_class, c.get_outlook_display(), c.open_events]
                + ([usd(c.exposure_usd)] if exposure is not None else [])
                for c in countries
            ),
        )
    return render(
        request,
        "creditinfo/country_list.html",
        {
            "countries": countries,
            "show_exposure": is_insurer(request.user),
            "exposure_known": exposure is not None,
            "followed": selectors.followed_by(request.user),
        },
    )


@login_required
def country_detail(request, code: str):
    country = selectors.country_get(code)
    followed = selectors.followed_by(request.user)
    staff = is_insurer(request.user)
    return render(
        request,
        "creditinfo/country_detail.html",
        {
            "country": country,
            "events": selectors.country_recent_events(country),
            "show_exposure": staff,
            "exposure_usd": selectors.country_exposure_usd(country.code) if staff else None,
            "follow_id": followed.subscription_id("country", country.code),
            "risk_scale": range(1, 10),
            "learn_note": CountryNote.objects.filter(country=country).exists(),
        },
    )


@login_required
def industry_list(request):
    industries = list(selectors.industry_list())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "industries.xlsx",
            [_("Code"), _("Industry"), _("Risk notes"), _("Open events")],
            ((i.code, i.name, i.risk_notes, i.open_events) for i in industries),
        )
    return render(
        request,
        "creditinfo/industry_list.html",
        {"industries": industries, "followed": selectors.followed_by(request.user)},
    )


@login_required
def industry_detail(request, code: str):
    industry = selectors.industry_get(code)
    followed = selectors.followed_by(request.user)
    return render(
        request,
        "creditinfo/industry_detail.html",
        {
            "industry": industry,
            "events": selectors.industry_recent_events(industry),
            "follow_id": followed.subscription_id("industry", industry.code),
        },
    )
