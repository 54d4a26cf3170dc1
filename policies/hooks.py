"""What policies set off in later apps (registered there, in ``AppConfig.ready``; see
``sinosure_portal.base.hooks``). Each hook's keyword arguments are listed with it."""

# a renewal was issued: carry what belonged to the old policy over (old_policy, new_policy, actor)
POLICY_RENEWED = "policies.renewed"
# a policy was cancelled early: end what hangs on it from today (policy, actor, reason)
POLICY_CANCELLED = "policies.cancelled"
# the policy page: extra context for the page of one policy (request, policy) -> dict
POLICY_PAGE_CONTEXT = "policies.page_context"
# the insured's "pending applications" card: (request) -> (count, [(label, url), ...])
PENDING_APPLICATIONS = "policies.pending_applications"
