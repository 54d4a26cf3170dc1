"""Data authorisations (数据授权): the exporter lets a bank see its coverage size, country
distribution and buyer distribution (the seed's three data items), and may revoke at any time.
Every grant, change and revocation is audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from financing.errors import error
from financing.models import DataAuthorisation, DataItem
from financing.services._common import EXPORTER_ROLES, assign_number, org_users
from financing.workflow import data_authorisation_workflow as workflow
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Organisation
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, NotAllowed
from sinosure_portal.notifications.services import notify


def _items(items) -> list[str]:
    chosen = [i for i in DataItem.values if i in set(items or [])]
    if not chosen or len(set(items or [])) != len(chosen):
        raise error("items_required", field="items")
    return chosen


def data_authorisation_grant(
    *, actor, bank_id: int, items: list[str], ip: str | None = None
) -> DataAuthorisation:
    """Grant a bank the chosen items; if one is already granted to that bank, change its items."""
    try:
        return _grant(actor=actor, bank_id=bank_id, items=items, ip=ip)
    except IntegrityError:
        # a concurrent grant to the same bank won: change that one instead
        return _grant(actor=actor, bank_id=bank_id, items=items, ip=ip)


@transaction.atomic
def _grant(*, actor, bank_id: int, items: list[str], ip: str | None) -> DataAuthorisation:
    ensure_role(actor, EXPORTER_ROLES, action=gettext_lazy("authorise banks to see your data"))
    bank = Organisation.objects.filter(pk=bank_id, kind=Organisation.Kind.BANK).first()
    if bank is None:
        raise error("bank_unknown", field="bank")
    chosen = _items(items)
    existing = (
        DataAuthorisation.objects.select_for_update()
        .filter(organisation_id=actor.organisation_id, bank=bank, status=DataAuthorisation.Status.ACTIVE)
        .first()
    )
    if existing:
        before = list(existing.items)
        existing.items = chosen
        existing.granted_by, existing.granted_at, existing.granted_ip = actor, timezone.now(), ip
        existing.save(update_fields=["items", "granted_by", "granted_at", "granted_ip", "updated_at"])
        audit_record(
            existing,
            action="data_authorisation.changed",
            actor=actor,
            data={"before": before, "after": chosen, "ip": ip},
            changes={"items": (before, chosen)},
        )
        auth = existing
    else:
        auth = DataAuthorisation.objects.create(
            organisation_id=actor.organisation_id, bank=bank, items=chosen, granted_by=actor, granted_ip=ip
        )
        assign_number(auth, "DA")
        audit_record(
            auth,
            action="data_authorisation.active",
            actor=actor,
            to_state=auth.status,
            data={"items": chosen, "bank": bank.pk, "ip": ip},
        )
    notify(
        org_users(bank.pk),
        kind="data_authorisation_granted",
        params={"insured": str(actor.organisation)},
        body=", ".join(auth.item_labels()),
        url=reverse("financing:data-authorisation-detail", args=[auth.pk]),
    )
    return auth


@transaction.atomic
def data_authorisation_revoke(*, authorisation_id: int, actor, reason: str = "") -> DataAuthorisation:
    ensure_role(actor, EXPORTER_ROLES, action=gettext_lazy("revoke data authorisations"))
    auth = DataAuthorisation.objects.select_for_update().filter(pk=authorisation_id).first()
    if auth is None:
        raise DomainError("not_found", gettext_lazy("No such authorisation."))
    if auth.organisation_id != actor.organisation_id:
        raise NotAllowed("not_a_party", error("not_a_party").message)
    auth.revoked_by, auth.revoked_at = actor, timezone.now()
    workflow.transition(
        auth,
        to=DataAuthorisation.Status.REVOKED,
        actor=actor,
        reason=reason,
        update_fields=["revoked_by", "revoked_at"],
    )
    notify(
        org_users(auth.bank_id),
        kind="data_authorisation_revoked",
        params={"insured": str(auth.organisation)},
        url=reverse("financing:data-authorisation-list"),
    )
    return auth
