"""Pages of losses and claims, one module per sub-resource: the lists and the queue, notices, filing,
the case page, evidence, the assessment inputs and recoveries. Every read goes through the selectors
(another organisation's case is a 404)."""

from claims.views.assessment import (  # noqa: F401
    claim_deduction,
    claim_ratio,
    deduction_remove,
    line_inclusion,
)
from claims.views.case import (  # noqa: F401
    claim_action,
    claim_detail,
    claim_note,
    claim_pdf,
)
from claims.views.evidence import (  # noqa: F401
    claim_document,
    claim_request,
    claim_upload,
    request_action,
)
from claims.views.filing import (  # noqa: F401
    claim_new_direct,
    claim_new_from_notice,
)
from claims.views.lists import (  # noqa: F401
    claim_list,
    queue,
)
from claims.views.notices import (  # noqa: F401
    notice_action,
    notice_detail,
    notice_list,
    notice_new,
    notice_pdf,
)
from claims.views.recoveries import (  # noqa: F401
    claim_recovery,
    recovery_list,
    recovery_reverse,
)
