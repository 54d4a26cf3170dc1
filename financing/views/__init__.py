"""Pages of policy financing: agreements and their signatures, receivable assignments, the bank's
receivables with ageing, coverage notices, loans and repayments, indemnities paid to the bank, and
data authorisations with the authorised figures as charts and tables."""

from financing.views._common import (  # noqa: F401
    IA,
    _ip,
    _page,
    home,
)
from financing.views.agreements import (  # noqa: F401
    AGREEMENT_ACTIONS,
    _agreement_context,
    _agreement_form,
    agreement_act,
    agreement_detail,
    agreement_list,
    agreement_new,
    agreement_pdf,
)
from financing.views.data import (  # noqa: F401
    data_authorisation_detail,
    data_authorisation_list,
    data_authorisation_revoke,
)
from financing.views.loans import (  # noqa: F401
    indemnity_list,
    loan_detail,
    loan_list,
    loan_new,
    loan_repay,
)
from financing.views.notices import (  # noqa: F401
    coverage_notice_detail,
    coverage_notice_list,
    coverage_notice_pdf,
)
from financing.views.receivable_assignments import (  # noqa: F401
    receivable_assignment_act,
    receivable_assignment_detail,
    receivable_assignment_list,
    receivable_assignment_new,
)
from financing.views.receivables import (  # noqa: F401
    RECEIVABLE_HEADERS,
    receivable_detail,
    receivable_list,
)
