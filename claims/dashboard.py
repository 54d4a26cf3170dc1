"""Menu entries and dashboard cards of losses and claims."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from claims import selectors
from claims.models import Claim, PossibleLossNotice
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.dashboard import Card, card
from sinosure_portal.core.navigation import nav_item, phone_tab
from sinosure_portal.core.templatetags.portal import money
from sinosure_portal.workdays.calendar import today

INSURED = [Role.EXPORTER, Role.BANK]
STAFF = [Role.UNDERWRITER, Role.CLAIMS, Role.ADMIN]

nav_item(
    gettext_lazy("Losses and claims"),
    "claims:claim-list",
    icon="bi-shield-exclamation",
    roles=[*INSURED, *STAFF],
    order=400,
)


@card(roles=INSURED, order=400)
def my_claims_card(request):
    user = request.user
    notices = selectors.notices_visible(user).filter(status__in=list(PossibleLossNotice.LIVE))
    open_notices = notices.aggregate(
        n=Count("pk"), next_claim=Min("claim_deadline", filter=Q(claim__isnull=True))
    )
    totals = selectors.claim_totals(user)
    if not (
        open_notices["n"]
        or totals["open"]
        or selectors.notice_policies(user).exists()
        or selectors.direct_claim_policies(user).exists()
    ):
        return None
    caption = ngettext("%(n)s open notice", "%(n)s open notices", open_notices["n"]) % {
        "n": open_notices["n"]
    }
    if open_notices["next_claim"]:
        days = (open_notices["next_claim"] - today()).days
        caption += " · " + ngettext("next claim due in %(d)s day", "next claim due in %(d)s days", days) % {
            "d": days
        }
    items = (
        [(_("Notify a possible loss"), reverse("claims:notice-new"))]
        if selectors.notice_policies(user).exists()
        else []
    )
    if selectors.direct_claim_policies(user).exists():
        items.append((_("File a claim"), reverse("claims:claim-direct")))
    return Card(
        title=_("Open claims"),
        value=totals["open"],
        caption=caption,
        url=reverse("claims:claim-list"),
        icon="bi-shield-exclamation",
        variant="warning" if open_notices["n"] or totals["open"] else "secondary",
        items=items,
    )


@card(roles=[Role.CLAIMS], order=100)
def queue_card(request):
    totals = selectors.claim_totals(request.user)
    to_ack = PossibleLossNotice.objects.filter(status=PossibleLossNotice.Status.SUBMITTED).count()
    by_status = [row for row in selectors.claims_by_status(request.user) if row[2] and row[0] in Claim.OPEN]
    return Card(
        title=_("Claims queue"),
        value=totals["open"],
        caption=_("%(o)s decisions overdue, %(n)s due soon, %(a)s notices to acknowledge")
        % {"o": totals["overdue"], "n": totals["near"], "a": to_ack},
        url=reverse("claims:queue"),
        icon="bi-inboxes",
        variant="danger" if totals["overdue"] else ("warning" if totals["near"] else "primary"),
        chart={
            "type": "bar",
            "data": {
                "labels": [str(label) for _v, label, _n in by_status],
                "datasets": [{"data": [n for _v, _l, n in by_status], "backgroundColor": "#12355b"}],
            },
            "options": {
                "plugins": {"legend": {"display": False}},
                "scales": {"y": {"ticks": {"precision": 0}}},
            },
        }
        if by_status
        else None,
    )


@card(roles=[Role.CLAIMS, Role.UNDERWRITER, Role.ADMIN], order=410)
def indemnities_card(request):
    year_start = today().replace(month=1, day=1)
    figures = selectors.indemnity_totals(request.user, since=year_start)
    return Card(
        title=_("Indemnities paid this year"),
        value=money(figures["paid"], "USD"),
        caption=_("%(n)s claims · recovered for the insurer %(r)s")
        % {"n": figures["count"], "r": money(figures["recovered_insurer"], "USD")},
        url=reverse("claims:recovery-list"),
        icon="bi-cash-coin",
        variant="success",
    )


# the bottom bar on a phone (sinosure_portal/core/navigation.py)
phone_tab(
    pgettext_lazy("phone tab", "Claims"),
    "claims:claim-list",
    icon="bi-shield-exclamation",
    roles=[Role.CLAIMS],
    order=20,
)
