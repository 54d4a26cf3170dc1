from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import DomainError


class LedgerDrift(DomainError):
    """A ledger write would take a figure below what its rows allow (e.g. release more exposure
    than a limit holds). Nothing is clamped to hide it: the act is refused, nothing is written,
    and the nightly reconciliation lists the rows for the insurer to correct."""

    status_code = 409

    def __init__(self, what: str, **params):
        super().__init__(
            "ledger_drift",
            _(
                "The insurer's records for %(what)s do not add up; nothing was changed. The insurer has been alerted."
            ),
            what=what,
            **params,
        )
