"""The automatic-decision rules: the administrator tunes them; applications are decided by them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from limits import rules
from limits.errors import error
from limits.models import LimitAutoRule
from policies.models import PaymentTerm, Product
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_record

RULE_FIELDS = (
    "name",
    "enabled",
    "max_amount_usd",
    "max_country_class",
    "allowed_lights",
    "allowed_payment_terms",
    "max_credit_period_days",
    "allow_related_party",
    "products",
)


def auto_rule_facts() -> list[rules.AutoRuleFacts]:
    return [
        rules.AutoRuleFacts(
            id=r.pk,
            max_amount_usd=r.max_amount_usd,
            max_country_class=r.max_country_class,
            allowed_lights=frozenset(r.allowed_lights or []),
            allowed_payment_terms=frozenset(r.allowed_payment_terms or []),
            max_credit_period_days=r.max_credit_period_days,
            allow_related_party=r.allow_related_party,
            products=frozenset(r.products or []),
            enabled=r.enabled,
        )
        for r in LimitAutoRule.objects.filter(enabled=True).order_by("max_amount_usd", "id")
    ]


def _lock_rule(rule_id: int) -> LimitAutoRule:
    try:
        return LimitAutoRule.objects.select_for_update().get(pk=rule_id)
    except LimitAutoRule.DoesNotExist as exc:
        raise error("rule_not_found") from exc


@transaction.atomic
def auto_rule_save(*, actor, data: dict, rule_id: int | None = None) -> LimitAutoRule:
    """Create or change a rule. A rule can never let a red buyer through."""
    ensure_role(actor, [Role.ADMIN], action=_("tune the automatic decision rules"))
    rule = _lock_rule(rule_id) if rule_id else LimitAutoRule()
    before = {k: getattr(rule, k) for k in RULE_FIELDS} if rule_id else {}
    for key in RULE_FIELDS:
        if key in data:
            setattr(rule, key, data[key])
    if not (rule.name or "").strip():
        raise error("field_required", field="name")
    lights = list(rule.allowed_lights or [])
    if "red" in lights:
        raise error("rule_allows_red", field="allowed_lights")
    if not lights or any(light not in ("green", "yellow") for light in lights):
        raise error("rule_lights", field="allowed_lights")
    terms = list(rule.allowed_payment_terms or [])
    if not terms or any(t not in PaymentTerm.values for t in terms):
        raise error("payment_terms", field="allowed_payment_terms")
    if any(p not in Product.values for p in rule.products or []):
        raise error("product_unknown", field="products")
    if rule.max_amount_usd is None or rule.max_amount_usd < 0:
        raise error("rule_amount", field="max_amount_usd")
    if not (1 <= (rule.max_country_class or 0) <= 9):
        raise error("rule_country_class", field="max_country_class")
    if not (1 <= (rule.max_credit_period_days or 0) <= rules.MAX_CREDIT_PERIOD_DAYS):
        raise error(
            "credit_period_too_long", field="max_credit_period_days", days=rules.MAX_CREDIT_PERIOD_DAYS
        )
    rule.save()
    after = {k: getattr(rule, k) for k in RULE_FIELDS}
    audit_record(
        rule,
        action="limit_auto_rule.changed" if rule_id else "limit_auto_rule.created",
        actor=actor,
        data={"before": before, "after": after},
        changes={
            k: ((before or {}).get(k), after[k]) for k in RULE_FIELDS if (before or {}).get(k) != after[k]
        },
    )
    return rule
