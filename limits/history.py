"""A limit's history as a timeline: applied, approved (or with changes), increased, reduced,
cancelled, revoked, and the new highs of its exposure, oldest first.

Built from what is recorded anyway: the audit rows of the applications behind the limit (who
applied, who decided, when, why), the limit's changes (amounts before and after, notice dates) and
its exposure peaks (``CreditLimitExposurePeak``, written by the declaration engine). Nothing is
stored twice: an application's decision carries the amounts of the change it made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from limits.models import CreditLimit, CreditLimitApplication, CreditLimitChange, CreditLimitExposurePeak
from sinosure_portal.audit.models import AuditEvent

KINDS = {
    "applied": (pgettext_lazy("limit history", "Applied"), "bi-send", "secondary"),
    "approved": (_("Approved"), "bi-check-circle", "success"),
    "partly_approved": (_("Approved with changes"), "bi-check2-square", "info"),
    "rejected": (_("Application rejected"), "bi-x-circle", "danger"),
    "increased": (_("Increased or amended"), "bi-arrow-up-circle", "success"),
    "reduced": (_("Reduced"), "bi-arrow-down-circle", "warning"),
    "cancelled": (_("Cancelled"), "bi-slash-circle", "danger"),
    "revoked": (_("Revoked (idle)"), "bi-hourglass-bottom", "danger"),
    "exposure_peak": (_("New exposure peak"), "bi-graph-up-arrow", "primary"),
}
APPLICATION_ACTS = {
    "limit_application.submitted": "applied",
    "limit_application.approved": "approved",
    "limit_application.partly_approved": "partly_approved",
    "limit_application.rejected": "rejected",
}


@dataclass
class HistoryEntry:
    at: datetime
    kind: str
    amount_before_usd: Decimal | None = None
    amount_after_usd: Decimal | None = None
    exposure_usd: Decimal | None = None
    notice_date: date | None = None
    applies_from: date | None = None
    application: str = ""  # the application's number
    actor: str = ""
    reason: str = ""

    @property
    def label(self):
        return KINDS[self.kind][0]

    @property
    def icon(self) -> str:
        return KINDS[self.kind][1]

    @property
    def tone(self) -> str:
        return KINDS[self.kind][2]

    @property
    def share(self) -> Decimal | None:
        """A peak's exposure as a share of the limit's amount then (0.85 = 85 %)."""
        if self.kind != "exposure_peak" or not self.amount_after_usd:
            return None
        return (self.exposure_usd / self.amount_after_usd).quantize(Decimal("0.0001"))


def _who(user) -> str:
    if user is None:
        return ""
    return user.name


def limit_history(limit: CreditLimit) -> list[HistoryEntry]:
    """The limit's timeline, oldest first (four queries, however long the history)."""
    changes = list(
        CreditLimitChange.objects.filter(limit=limit).select_related("actor").order_by("created_at", "id")
    )
    application_ids = {c.application_id for c in changes if c.application_id}
    if limit.application_id:
        application_ids.add(limit.application_id)
    applications = {
        a.pk: a
        for a in CreditLimitApplication.objects.filter(pk__in=application_ids).only(
            "pk", "number", "amount_requested_usd", "approved_amount_usd"
        )
    }
    entries: list[HistoryEntry] = []
    decided: dict[int, HistoryEntry] = {}
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(CreditLimitApplication),
        object_id__in=[str(pk) for pk in application_ids],
        action__in=list(APPLICATION_ACTS),
    ).select_related("actor")
    for event in events.order_by("at", "id"):
        application = applications[int(event.object_id)]
        kind = APPLICATION_ACTS[event.action]
        entry = HistoryEntry(
            at=event.at,
            kind=kind,
            application=application.number or "",
            actor=_who(event.actor),
            reason=event.why(),
        )
        if kind == "applied":
            entry.amount_after_usd = application.amount_requested_usd
        else:
            entry.amount_after_usd = application.approved_amount_usd
            decided[application.pk] = entry
        entries.append(entry)
    for change in changes:
        entry = decided.get(change.application_id) if change.application_id else None
        if entry is not None:  # the decision made this change: it shows the amounts
            entry.amount_before_usd = change.amount_before_usd
            entry.amount_after_usd = change.amount_after_usd
            entry.notice_date, entry.applies_from = change.notice_date, change.applies_from
            continue
        entries.append(
            HistoryEntry(
                at=change.created_at,
                kind=change.kind,
                amount_before_usd=change.amount_before_usd,
                amount_after_usd=change.amount_after_usd,
                notice_date=change.notice_date,
                applies_from=change.applies_from,
                actor=_who(change.actor),
                reason=change.reason,
            )
        )
    for peak in CreditLimitExposurePeak.objects.filter(limit=limit).order_by("day"):
        entries.append(
            HistoryEntry(
                at=peak.reached_at,
                kind="exposure_peak",
                exposure_usd=peak.exposure_usd,
                amount_after_usd=peak.amount_usd,
            )
        )
    entries.sort(key=lambda e: e.at)
    return entries
