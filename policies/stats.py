"""The statistics page's policy filter offers the policies the user may see."""

from policies.selectors import policies_visible
from sinosure_portal.core.stats import policy_choices_register


def _choices(user) -> list[tuple[int, str]]:
    return [
        (pk, number)
        for pk, number in policies_visible(user)
        .exclude(number__isnull=True)
        .order_by("-period_start", "-id")
        .values_list("pk", "number")
    ]


policy_choices_register(_choices)
