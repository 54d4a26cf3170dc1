"""Dashboard cards and menu entries of policies."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from policies import hooks, selectors
from policies.models import Policy, PolicyApplication
from sinosure_portal.accounts.models import Role
from sinosure_portal.base.hooks import hook_call
from sinosure_portal.core.dashboard import Card, card
from sinosure_portal.core.navigation import nav_item, phone_tab
from sinosure_portal.workdays.calendar import today

INSURED = [Role.EXPORTER, Role.BANK]
STAFF = [Role.UNDERWRITER, Role.CLAIMS, Role.ADMIN]

nav_item(
    gettext_lazy("Policies"),
    "policies:policy-list",
    icon="bi-shield-check",
    roles=[*INSURED, *STAFF],
    order=100,
)
nav_item(
    gettext_lazy("Policy applications"),
    "policies:application-list",
    icon="bi-pencil-square",
    roles=[*INSURED, Role.UNDERWRITER, Role.ADMIN],
    order=110,
)
nav_item(
    gettext_lazy("Premium invoices"),
    "policies:invoice-list",
    icon="bi-receipt",
    roles=[*INSURED, Role.UNDERWRITER, Role.ADMIN],
    order=120,
)


@card(roles=INSURED, order=10)
def my_policies(request) -> Card:
    policies = list(
        selectors.policies_visible(request.user)
        .filter(status=Policy.Status.ACTIVE)
        .order_by("period_end")[:3]
    )
    soon = [p for p in policies if (p.period_end - today()).days <= p.renewal_reminder_days]
    return Card(
        title=_("My policies"),
        value=selectors.policies_visible(request.user).filter(status=Policy.Status.ACTIVE).count(),
        caption=_("in force") + (f" · {_('%(n)s to renew') % {'n': len(soon)}}" if soon else ""),
        url=reverse("policies:policy-list"),
        icon="bi-shield-check",
        variant="warning" if soon else "primary",
        items=[
            (
                f"{p.number} · {p.get_product_display()} · {p.period_end:%Y-%m-%d}",
                reverse("policies:policy-detail", args=[p.pk]),
            )
            for p in policies
        ],
    )


@card(roles=INSURED, order=30)
def my_pending_applications(request) -> Card:
    policy_pending = selectors.policy_applications_visible(request.user).filter(
        status__in=[
            PolicyApplication.Status.DRAFT,
            PolicyApplication.Status.SUBMITTED,
            PolicyApplication.Status.UNDER_REVIEW,
        ]
    )
    items = [
        (f"{a.number} · {a.get_status_display()}", reverse("policies:application-detail", args=[a.pk]))
        for a in policy_pending[:2]
    ]
    count = policy_pending.count()
    # later apps add theirs (credit limit applications): see policies.hooks
    for more, more_items in hook_call(hooks.PENDING_APPLICATIONS, request=request):
        count += more
        items += more_items
    return Card(
        title=_("Pending applications"),
        value=count,
        caption=_("policies and credit limits"),
        url=reverse("limits:application-list"),
        icon="bi-hourglass-split",
        variant="info",
        items=items,
    )


@card(roles=[Role.UNDERWRITER, Role.ADMIN], order=10)
def policy_queue(request) -> Card:
    counts = PolicyApplication.objects.aggregate(
        submitted=Count("pk", filter=Q(status=PolicyApplication.Status.SUBMITTED)),
        review=Count("pk", filter=Q(status=PolicyApplication.Status.UNDER_REVIEW)),
    )
    oldest = list(selectors.policy_application_queue()[:3])
    return Card(
        title=_("Policy applications to decide"),
        value=counts["submitted"] + counts["review"],
        caption=_("%(n)s under review") % {"n": counts["review"]},
        url=reverse("policies:application-list") + "?status=submitted",
        icon="bi-inboxes",
        variant="primary",
        items=[
            (f"{a.number} · {a.company_name}", reverse("policies:application-detail", args=[a.pk]))
            for a in oldest
        ],
    )


@card(roles=[Role.UNDERWRITER, Role.ADMIN], order=40)
def expiring_policies(request) -> Card:
    horizon = today() + timedelta(days=30)
    qs = Policy.objects.filter(status=Policy.Status.ACTIVE, period_end__lte=horizon)
    return Card(
        title=_("Policies expiring in 30 days"),
        value=qs.count(),
        caption=_("renewal reminders go out automatically"),
        url=reverse("policies:policy-list") + f"?status=active&ends_before={horizon.isoformat()}",
        icon="bi-calendar-event",
        variant="secondary",
    )


# the bottom bar on a phone (sinosure_portal/core/navigation.py)
phone_tab(
    pgettext_lazy("phone tab", "My policy"),
    "policies:my-policy",
    section="policies:policy-list",
    icon="bi-file-earmark-text",
    roles=[Role.EXPORTER],  # the phone app's functions are an exporter's
    order=10,
)
