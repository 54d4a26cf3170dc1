"""Menu entries and dashboard cards of policy financing: the bank's portal first, the exporter's
agreements and authorisations, the underwriters' agreements to approve."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from financing import selectors
from financing.models import DataAuthorisation, IndemnityAssignment
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.dashboard import Card, card
from sinosure_portal.core.navigation import nav_item, phone_tab
from sinosure_portal.core.templatetags.portal import money
from sinosure_portal.workdays.calendar import today

STAFF = [Role.UNDERWRITER, Role.CLAIMS, Role.ADMIN]
IA = IndemnityAssignment.Status

nav_item(
    gettext_lazy("Assigned receivables"),
    "financing:receivable-list",
    icon="bi-bank",
    roles=[Role.BANK],
    order=200,
)
nav_item(gettext_lazy("Loans"), "financing:loan-list", icon="bi-cash-coin", roles=[Role.BANK], order=205)
nav_item(
    gettext_lazy("Policy financing"),
    "financing:agreement-list",
    icon="bi-bank",
    roles=[Role.EXPORTER, *STAFF],
    order=600,
)
nav_item(
    gettext_lazy("Data authorisations"),
    "financing:data-authorisation-list",
    icon="bi-shield-lock",
    roles=[Role.EXPORTER, Role.BANK],
    order=610,
)


@card(roles=[Role.BANK], order=100)
def bank_receivables_card(request):
    on = today()
    qs = selectors.bank_receivables(request.user, on)
    counts = qs.aggregate(
        open=Count("pk", filter=Q(status__in=["covered", "partly_covered"])),
        trouble=Count("pk", filter=Q(status__in=["overdue", "loss_notified", "claimed"])),
    )
    return Card(
        title=_("Assigned receivables"),
        value=counts["open"],
        caption=_("%(n)s overdue or under a loss notice") % {"n": counts["trouble"]},
        url=reverse("financing:receivable-list"),
        icon="bi-bank",
        variant="danger" if counts["trouble"] else "primary",
        items=[(_("Register a loan"), reverse("financing:loan-new"))],
    )


@card(roles=[Role.BANK], order=105)
def bank_loans_card(request):
    totals = selectors.financing_totals(request.user)
    notices = list(selectors.coverage_notices_visible(request.user).order_by("-created_at")[:3])
    return Card(
        title=_("Open loans"),
        value=money(totals["open_usd"], "USD"),
        caption=_("%(n)s loans outstanding") % {"n": totals["open_count"]},
        url=reverse("financing:loan-list"),
        icon="bi-cash-coin",
        variant="success",
        items=[
            (
                _("Coverage notice %(number)s") % {"number": n.number},
                reverse("financing:coverage-notice-detail", args=[n.pk]),
            )
            for n in notices
        ],
    )


@card(roles=[Role.BANK], order=110)
def bank_actions_card(request):
    to_sign = selectors.agreements_visible(request.user).filter(status=IA.PROPOSED).count()
    to_accept = selectors.receivable_assignments_visible(request.user).filter(status="proposed").count()
    data = (
        selectors.data_authorisations_visible(request.user)
        .filter(status=DataAuthorisation.Status.ACTIVE)
        .count()
    )
    return Card(
        title=_("Agreements to sign"),
        value=to_sign,
        caption=_("%(n)s receivable assignments to accept, %(m)s exporters share data")
        % {"n": to_accept, "m": data},
        url=reverse("financing:agreement-list"),
        icon="bi-pen",
        variant="warning" if to_sign or to_accept else "secondary",
        items=[
            (_("Receivable assignments"), reverse("financing:receivable-assignment-list")),
            (_("Authorised data"), reverse("financing:data-authorisation-list")),
        ],
    )


@card(roles=[Role.EXPORTER], order=500)
def exporter_financing_card(request):
    agreements = selectors.agreements_visible(request.user)
    in_force = agreements.filter(status__in=list(IndemnityAssignment.BINDING)).count()
    waiting = agreements.filter(status__in=[IA.PROPOSED, IA.BANK_SIGNED]).count()
    auths = (
        selectors.data_authorisations_visible(request.user)
        .filter(status=DataAuthorisation.Status.ACTIVE)
        .count()
    )
    if not (in_force or waiting or auths):
        return Card(
            title=_("Policy financing"),
            value="—",
            caption=_("Assign your indemnities to a bank to finance your receivables"),
            url=reverse("financing:agreement-new"),
            icon="bi-bank",
            variant="secondary",
        )
    return Card(
        title=_("My financing agreements"),
        value=in_force,
        caption=_("in force, %(n)s waiting; %(m)s banks see your data") % {"n": waiting, "m": auths},
        url=reverse("financing:agreement-list"),
        icon="bi-bank",
        items=[
            (_("Data authorisations"), reverse("financing:data-authorisation-list")),
            (_("Loans"), reverse("financing:loan-list")),
        ],
    )


@card(roles=[Role.UNDERWRITER, Role.ADMIN], order=400)
def agreements_to_approve_card(request):
    pending = selectors.agreements_to_approve(request.user)
    n = pending.count()
    if not n:
        return None
    return Card(
        title=_("Financing agreements to decide"),
        value=n,
        caption=_("signed by the bank, or termination asked"),
        url=reverse("financing:agreement-list"),
        icon="bi-bank",
        variant="warning",
        items=[
            (
                f"{a.number} · {a.organisation.display_name}",
                reverse("financing:agreement-detail", args=[a.pk]),
            )
            for a in pending[:3]
        ],
    )


# the bottom bar on a phone (sinosure_portal/core/navigation.py)
phone_tab(
    pgettext_lazy("phone tab", "Receivables"),
    "financing:receivable-list",
    icon="bi-bank",
    roles=[Role.BANK],
    order=20,
)
phone_tab(
    pgettext_lazy("phone tab", "Loans"),
    "financing:loan-list",
    icon="bi-cash-coin",
    roles=[Role.BANK],
    order=25,
)
