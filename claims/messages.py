"""What losses and claims tell people: every notification, reminder and system audit reason of the
claims app, registered once (see ``sinosure_portal.texts``) and stored as its kind and parameters,
so that each reader sees it in their own language.

Parameters are JSON: numbers of documents, ISO dates, amounts pre-formatted with the money helper,
names. A parameter that is a choice (a document kind, a claim's status, a cause of loss) is stored
as its value and shown by its label in the reader's language (:class:`Labelled`); a text with two
wordings picks one by a parameter (:class:`Pick`); a body that applies only sometimes is empty
unless its parameter is set (:class:`When`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from claims.models import Cause, Claim, EvidenceKind
from sinosure_portal.texts import register_texts


class _Template:
    """A template :func:`sinosure_portal.texts.render` applies with ``template % params``."""

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return str(self.describe())

    def describe(self):  # pragma: no cover - each kind says what it is
        raise NotImplementedError


def _apply(template, params: dict) -> str:
    """A lazy (n)gettext template translated now, in the active language (a plural one takes its
    form from its count parameter)."""
    return str(template % params)


class Labelled(_Template):
    """``template`` whose parameters named in ``choices`` hold a choice's value, shown by its label."""

    def __init__(self, template, **choices):
        self.template, self.choices = template, choices

    def __mod__(self, params: dict) -> str:
        labels = {
            key: str(choice(params[key]).label)
            for key, choice in self.choices.items()
            if params.get(key) in choice.values
        }
        return _apply(self.template, {**params, **labels})

    def describe(self):
        return self.template


class Pick(_Template):
    """One of several wordings, chosen by the value of the parameter ``key``."""

    def __init__(self, key: str, **wordings):
        self.key, self.wordings = key, wordings

    def __mod__(self, params: dict) -> str:
        return _apply(self.wordings[params[self.key]], params)

    def describe(self):
        return " | ".join(str(w) for w in self.wordings.values())


class When(_Template):
    """``template`` when the parameter ``key`` is set, else nothing."""

    def __init__(self, key: str, template):
        self.key, self.template = key, template

    def __mod__(self, params: dict) -> str:
        return _apply(self.template, params) if params.get(self.key) else ""

    def describe(self):
        return self.template


# --- notices ---------------------------------------------------------------------------------------
register_texts(
    "loss_notice_submitted",
    title=_("Possible-loss notice %(n)s from %(insured)s"),
    body=When("late", _("Notified late (deadline %(date)s).")),
)
register_texts(
    "loss_notice_acknowledged",
    title=_("Possible-loss notice %(n)s acknowledged: file the claim by %(date)s"),
)
register_texts("claims.notice_shipment", title=_("Possible-loss notice %(n)s"))
register_texts(
    "claims.notice_deadline_moved",
    title=_("Possible-loss notice %(n)s: notice deadline moved from %(before)s to %(after)s"),
)

# --- claims -----------------------------------------------------------------------------------------
register_texts(
    "claim_submitted",
    title=_("Claim %(n)s filed by %(insured)s"),
    body=When("decision_due", _("Micro claim: decide by %(decision_due)s.")),
)
register_texts("claims.claim_on_notice", title=_("Claim on notice %(n)s"))
register_texts("claim_accepted", title=_("Claim %(n)s accepted"))
register_texts("claim_decided", title=Labelled(_("Claim %(n)s: %(decision)s"), decision=Claim.Status))
register_texts(
    "claim_documents_requested",
    title=Labelled(_("Claim %(n)s: please provide %(doc)s by %(date)s"), doc=EvidenceKind),
)
register_texts(
    "claim_documents_answered",
    title=Labelled(_("Claim %(n)s: the insured answered your request for %(doc)s"), doc=EvidenceKind),
)
register_texts("claims.documents_asked", title=_("More documents asked for"))
register_texts(
    "claims.decision_due_moved",
    title=_("Claim %(n)s: decision due moved from %(before)s to %(after)s"),
)

# --- the indemnity ------------------------------------------------------------------------------------
register_texts(
    "indemnity_notice_issued",
    title=_("Claim %(n)s: indemnity notice issued (USD %(amount)s to %(payee)s)"),
    body=_(
        "Sign and return the indemnity notice receipt, the indemnity receipt and transfer of rights, "
        "and the anti-money-laundering material; the indemnity is paid once they are in."
    ),
)
register_texts(
    "indemnity_second_approval",
    title=_("Claim %(n)s: approve paying USD %(amount)s (a second officer's approval)"),
)
register_texts("indemnity_paid", title=_("Claim %(n)s: indemnity of USD %(amount)s paid to %(payee)s"))
register_texts("claims.indemnity_on_claim", title=_("Indemnity on claim %(n)s"))

# --- recoveries ------------------------------------------------------------------------------------------
register_texts(
    "claim_recovery_shared", title=_("Claim %(n)s: USD %(net)s recovered, your share USD %(share)s")
)
register_texts(
    "claim_recovery_reversed",
    title=_("Claim %(n)s: a recovery of USD %(net)s was reversed (your share USD %(share)s)"),
)

# --- reminders (claims.services.sweeps) -------------------------------------------------------------------
register_texts(
    "claim_decision_due",
    title=Pick(
        "stage",
        overdue=_("Claim %(n)s (%(buyer)s): the decision was due on %(date)s"),
        near=_("Claim %(n)s (%(buyer)s): decide by %(date)s"),
    ),
    body=_("Micro claims are decided within 30 business days of the claim."),
)
register_texts(
    "claim_filing_due",
    title=_("File the claim on notice %(n)s (%(buyer)s) by %(date)s"),
    body=_("After the claim deadline the notice can no longer lead to a claim."),
)
register_texts(
    "claim_documents_due",
    title=Pick(
        "stage",
        overdue=Labelled(_("Claim %(n)s: %(doc)s was due on %(date)s"), doc=EvidenceKind),
        soon=Labelled(_("Claim %(n)s: provide %(doc)s by %(date)s"), doc=EvidenceKind),
    ),
    body=_("The claims officer asked for this document; the claim waits for it."),
)
register_texts(
    "loss_notice_due",
    title=_("%(event)s: notify a possible loss on %(buyer)s by %(date)s"),
    body=Labelled(
        ngettext_lazy(
            "You have covered shipments on this buyer. After %(cause)s a possible-loss notice is due "
            "within %(days)s business day of the event.",
            "You have covered shipments on this buyer. After %(cause)s a possible-loss notice is due "
            "within %(days)s business days of the event.",
            "days",
        ),
        cause=Cause,
    ),
)
