"""What creditinfo asks of later apps (registered there, in ``AppConfig.ready``; see
``sinosure_portal.base.hooks``). Each hook's keyword arguments are listed with it."""

# the learning corner's premium calculator needs the policies' premium rule, which creditinfo may
# not import: the policies the user may price with (user) -> [(policy id, label), ...]
PREMIUM_POLICIES = "creditinfo.premium_policies"
# and the premium itself (user, policy_id or None, country_code, payment_term, credit_days,
# amount_usd) -> {"rate", "premium_usd", "country_class", "policy_number"}; raises DomainError
# (naming the field) for what it cannot price
PREMIUM_CALCULATE = "creditinfo.premium_calculate"
