"""What the ledger reconciliation tells people (see sinosure_portal.texts)."""

from django.utils.translation import ngettext_lazy

from sinosure_portal.texts import register_texts

register_texts(
    "ledger.drift",
    title=ngettext_lazy(
        "The ledger does not reconcile: %(count)d row drifted",
        "The ledger does not reconcile: %(count)d rows drifted",
        "count",
    ),
    # rows: one line a finding, "check: object stored ≠ expected currency" (no words to translate)
    body=ngettext_lazy(
        "This row differs from the sum of its parts:\n%(rows)s",
        "These rows differ from the sums of their parts (the run's page lists all %(count)d):\n%(rows)s",
        "count",
    ),
)
