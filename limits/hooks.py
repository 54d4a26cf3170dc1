"""What limits does when policies call their hooks (registered in ``LimitsConfig.ready``)."""

from django.urls import reverse

from limits.models import CreditLimitApplication
from limits.selectors import limit_applications_visible, limits_visible, with_available
from limits.services import limits_cancel_for_policy, limits_carry_over


def policy_renewed(*, old_policy, new_policy, actor) -> None:
    limits_carry_over(old_policy=old_policy, new_policy=new_policy, actor=actor)


def policy_cancelled(*, policy, actor, reason: str) -> None:
    limits_cancel_for_policy(policy=policy, actor=actor, reason=reason)


def policy_page_context(*, request, policy) -> dict:
    """The credit limits under the policy, with what is available on each (first 50 by buyer)."""
    limits = with_available(limits_visible(request.user).filter(policy=policy)).order_by("buyer__name")[:50]
    return {"limits": limits}


def pending_applications(*, request) -> tuple[int, list[tuple[str, str]]]:
    pending = limit_applications_visible(request.user).filter(status__in=CreditLimitApplication.PENDING)
    items = [
        (f"{a.number} · {a.buyer.display_name}", reverse("limits:application-detail", args=[a.pk]))
        for a in pending[:2]
    ]
    return pending.count(), items
