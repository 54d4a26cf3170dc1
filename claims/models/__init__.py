"""Possible-loss notices (可能损失通知书), claims (索赔申请书) with their evidence, the loss assessment
(定损核赔) entered as deductions, indemnities (赔款) paid to the insured or its assignee bank, and
recoveries (追偿) shared after payment.

Amounts are in US dollars (the receivables carry their USD value at the shipment-date rate); a
recovery keeps the currency it was received in beside its USD value. The insured is an
organisation (an exporter, or a bank on a bank policy): every row carries it so that each list
scopes without a join.

One module per subject: common (causes), notices, claims (with their lines, deductions and
notes), evidence, payments (indemnities and recoveries).
"""

from claims.models.claims import (  # noqa: F401
    Claim,
    ClaimDeduction,
    ClaimLine,
    ClaimNote,
)
from claims.models.common import (  # noqa: F401
    POLITICAL_CAUSES,
    RATIO,
    USD,
    Cause,
)
from claims.models.evidence import (  # noqa: F401
    ClaimDocument,
    DocumentRequest,
    EvidenceKind,
    evidence_path,
)
from claims.models.notices import (  # noqa: F401
    PossibleLossNotice,
)
from claims.models.payments import (  # noqa: F401
    IndemnityPayment,
    Recovery,
)
