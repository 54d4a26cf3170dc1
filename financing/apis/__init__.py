"""API of policy financing: indemnity assignment agreements and their workflow, receivable
assignments, the bank's receivables, coverage notices, loans and repayments, indemnities paid to
the bank, data authorisations and the authorised figures. Another party's object is a 404."""

from financing.apis._common import (  # noqa: F401
    ERRORS,
    MONEY,
    PDF,
    OrgOutput,
    _fake,
    _ip,
    _plain,
)
from financing.apis.agreements import (  # noqa: F401
    AgreementApproveApi,
    AgreementBankSignApi,
    AgreementDetailApi,
    AgreementKeepApi,
    AgreementListCreateApi,
    AgreementOutput,
    AgreementPdfApi,
    AgreementRejectApi,
    AgreementTerminateApi,
    AgreementTerminationRequestApi,
    AgreementWithdrawApi,
    _agreement,
    _agreement_out,
)
from financing.apis.data import (  # noqa: F401
    DataAuthorisationDetailApi,
    DataAuthorisationListCreateApi,
    DataAuthorisationOutput,
    DataAuthorisationRevokeApi,
)
from financing.apis.loans import (  # noqa: F401
    IndemnityListApi,
    LoanDetailApi,
    LoanListCreateApi,
    LoanOutput,
    RepaymentCreateApi,
    RepaymentOutput,
)
from financing.apis.receivable_assignments import (  # noqa: F401
    ReceivableAssignmentAcceptApi,
    ReceivableAssignmentDeclineApi,
    ReceivableAssignmentDetailApi,
    ReceivableAssignmentListCreateApi,
    ReceivableAssignmentOutput,
    ReceivableAssignmentWithdrawApi,
    _ra,
    _ra_out,
)
from financing.apis.receivables import (  # noqa: F401
    BankReceivableDetailApi,
    BankReceivableListApi,
    BankReceivableOutput,
    CoverageNoticeDetailApi,
    CoverageNoticeListApi,
    CoverageNoticeOutput,
    CoverageNoticePdfApi,
)
