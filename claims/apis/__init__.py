"""API of losses and claims under /api/v1/claims/, one module per sub-resource: notices, claims (filing
and the officer's steps to the decision), payments (indemnity notice to close), evidence (documents,
requests, PDFs), assessment (deductions, exclusions, ratio) and recoveries. One class per operation;
another organisation's objects are not found (404); an act the user's role may not take is a 403;
bad input a 400 with a stable code."""

from claims.apis.assessment import (  # noqa: F401
    DeductionCreateApi,
    DeductionDeleteApi,
    LineInclusionApi,
    RatioApi,
)
from claims.apis.claims import (  # noqa: F401
    ClaimAcceptApi,
    ClaimAssessApi,
    ClaimAssessmentApi,
    ClaimDecideApi,
    ClaimDetailApi,
    ClaimDirectApi,
    ClaimInvestigateApi,
    ClaimListCreateApi,
    ClaimNoteApi,
    ClaimQueueApi,
)
from claims.apis.evidence import (  # noqa: F401
    ClaimDocumentDownloadApi,
    ClaimDocumentListUploadApi,
    ClaimPdfApi,
    DocumentRequestAnswerApi,
    DocumentRequestCancelApi,
    DocumentRequestCreateApi,
)
from claims.apis.notices import (  # noqa: F401
    NoticeAcknowledgeApi,
    NoticeCheckApi,
    NoticeCloseApi,
    NoticeDetailApi,
    NoticeListCreateApi,
    NoticePdfApi,
    NoticeWithdrawApi,
    NotifiableShipmentListApi,
)
from claims.apis.payments import (  # noqa: F401
    ClaimApprovePaymentApi,
    ClaimCloseApi,
    ClaimConfirmReceiptApi,
    ClaimIssueNoticeApi,
    ClaimPayApi,
    ClaimWithdrawApi,
)
from claims.apis.recoveries import (  # noqa: F401
    RecoveryCreateApi,
    RecoveryListApi,
    RecoveryReverseApi,
)
