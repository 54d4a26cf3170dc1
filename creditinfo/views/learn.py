"""The learning corner (/learn/): home, case library, country risk library, glossary and tools.
Everyone signed in reads it; staff (the insurer's roles) write cases, notes and terms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from creditinfo import learn_selectors as selectors
from creditinfo import learn_services as services
from creditinfo.learn_forms import CountryNoteForm, GlossaryTermForm, LossCaseForm
from creditinfo.learn_models import CountryNote, GlossaryTerm, LossCase, RiskTag
from creditinfo.learn_services import CASE_FIELDS
from sinosure_portal.accounts.access import ensure_role, is_insurer
from sinosure_portal.accounts.models import INSURER_ROLES
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.base.forms import DomainErrorFormMixin


def _staff(request) -> None:
    ensure_role(request.user, INSURER_ROLES, action=_("edit the learning corner"))


@login_required
def home(request):
    from creditinfo.models import Country

    return render(
        request,
        "creditinfo/learn/home.html",
        {
            "cases": LossCase.objects.count(),
            "terms": GlossaryTerm.objects.count(),
            "noted": CountryNote.objects.count(),
            "countries": Country.objects.count(),
            "latest_cases": selectors.loss_case_list().order_by("-id")[:3],
        },
    )


# --- glossary ------------------------------------------------------------------------------------------


@login_required
def glossary(request):
    query = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    if category not in GlossaryTerm.Category.values:
        category = ""
    terms = list(selectors.glossary_search(query, category=category))
    return render(
        request,
        "creditinfo/learn/glossary.html",
        {
            "query": query,
            "category": category,
            "categories": GlossaryTerm.Category.choices,
            "terms": terms,
            "can_edit": is_insurer(request.user),
        },
    )


@login_required
def term_edit(request, pk: int | None = None):
    _staff(request)
    term = selectors.glossary_term_get(pk) if pk else None
    initial = {f: getattr(term, f) for f in services.TERM_FIELDS} if term else {}
    form = GlossaryTermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.glossary_term_save(actor=request.user, term_id=pk, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Glossary term saved."))
            return redirect(f"{_url('creditinfo_learn:glossary')}?q={term.zh}")
    return render(
        request,
        "creditinfo/learn/form.html",
        {
            "form": form,
            "title": _("Edit a glossary term") if term else _("Add a glossary term"),
            "back": _url("creditinfo_learn:glossary"),
            "history": audit_history(term) if term else None,
        },
    )


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


# --- cases ---------------------------------------------------------------------------------------------


@login_required
def case_list(request):
    tag = request.GET.get("tag", "")
    country = request.GET.get("country", "")
    return render(
        request,
        "creditinfo/learn/case_list.html",
        {
            "cases": selectors.loss_case_list(tag=tag, country=country),
            "tags": RiskTag.choices,
            "tag": tag,
            "country": country.upper(),
            "countries": selectors.case_countries(),
            "can_edit": is_insurer(request.user),
        },
    )


@login_required
def case_detail(request, pk: int):
    case = selectors.loss_case_get(pk)
    staff = is_insurer(request.user)
    return render(
        request,
        "creditinfo/learn/case_detail.html",
        {"case": case, "can_edit": staff, "history": audit_history(case) if staff else None},
    )


@login_required
def case_edit(request, pk: int | None = None):
    _staff(request)
    case = selectors.loss_case_get(pk) if pk else None
    initial = {}
    if case:
        initial = {f: getattr(case, f) for f in CASE_FIELDS if f not in ("country_id", "risk_tags")}
        initial.update(country=case.country_id, tags=case.tags)
    form = LossCaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        country, tags = data.pop("country"), data.pop("tags")
        try:
            case = services.loss_case_save(
                actor=request.user, case_id=pk, tags=tags, country_id=country.pk, **data
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Loss case saved."))
            return redirect("creditinfo_learn:case-detail", pk=case.pk)
    return render(
        request,
        "creditinfo/learn/form.html",
        {
            "form": form,
            "title": _("Edit a loss case") if case else _("Add a loss case"),
            "back": _url("creditinfo_learn:case-detail", case.pk) if case else _url("creditinfo_learn:cases"),
            "history": None,
        },
    )


# --- countries -----------------------------------------------------------------------------------------


@login_required
def country_list(request):
    return render(
        request,
        "creditinfo/learn/country_list.html",
        {"countries": selectors.country_library(), "can_edit": is_insurer(request.user)},
    )


@login_required
def country_detail(request, code: str):
    context = selectors.country_page(code)
    staff = is_insurer(request.user)
    context.update(
        can_edit=staff,
        history=audit_history(context["note"]) if staff and context["note"] else None,
        risk_scale=range(1, 10),
    )
    return render(request, "creditinfo/learn/country_detail.html", context)


@login_required
def country_note_edit(request, code: str):
    _staff(request)
    context = selectors.country_page(code)
    note = context["note"]
    initial = {"notes_zh": note.notes_zh, "notes_en": note.notes_en} if note else {}
    form = CountryNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.country_note_save(
                actor=request.user, country_id=context["country"].code, **form.cleaned_data
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Country notes saved."))
            return redirect("creditinfo_learn:country-detail", code=context["country"].code)
    return render(
        request,
        "creditinfo/learn/form.html",
        {
            "form": form,
            "title": _("The insurer's notes on %(country)s") % {"country": context["country"].name},
            "back": _url("creditinfo_learn:country-detail", context["country"].code),
            "history": None,
        },
    )


# --- tools ---------------------------------------------------------------------------------------------


def _run(form, compute):
    """The tool's answer when its form was sent and is valid; its problems next to their fields."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return compute(form.cleaned_data)
    except DomainError as error:
        if isinstance(form, DomainErrorFormMixin):
            form.add_domain_error(error)
        else:
            for each in getattr(error, "errors", [error]):
                form.add_error(each.field if each.field in form.fields else None, each.message)
        return None


@login_required
def tools(request):
    from creditinfo import learn_tools
    from creditinfo.learn_forms import BusinessDaysCountForm, BusinessDaysForm, ConvertForm, PremiumForm
    from sinosure_portal.workdays.calendar import today

    tool = request.GET.get("tool", "")
    day = today().isoformat()
    bound = {name: (request.GET if tool == name else None) for name in ("add", "count", "convert", "premium")}
    add = BusinessDaysForm(bound["add"], initial={"start": day, "days": 10}, prefix="add")
    count = BusinessDaysCountForm(bound["count"], initial={"start": day, "end": day}, prefix="count")
    convert = ConvertForm(
        bound["convert"], initial={"on": day, "from_currency": "CNY", "to_currency": "USD"}, prefix="convert"
    )
    context = {
        "add": add,
        "count": count,
        "convert": convert,
        "tool": tool,
        "added": _run(add, lambda d: learn_tools.business_days_add(start=d["start"], days=d["days"])),
        "counted": _run(count, lambda d: learn_tools.business_days_count(start=d["start"], end=d["end"])),
        "converted": _run(
            convert,
            lambda d: learn_tools.currency_convert(
                amount=d["amount"], from_currency=d["from_currency"], to_currency=d["to_currency"], on=d["on"]
            ),
        ),
    }
    if learn_tools.premium_available():
        premium = PremiumForm(
            bound["premium"],
            initial={"on": day, "currency": "USD", "country": "DE"},
            policies=learn_tools.premium_policies(request.user),
            prefix="premium",
        )
        context["premium"] = premium
        context["priced"] = _run(
            premium,
            lambda d: learn_tools.premium_calculate(
                user=request.user,
                policy_id=d["policy"],
                country_code=d["country"].code,
                payment_term=d["payment_term"],
                credit_days=d["credit_days"],
                amount=d["amount"],
                currency=d["currency"],
                on=d["on"],
            ),
        )
    return render(request, "creditinfo/learn/tools.html", context)
