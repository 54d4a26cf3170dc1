"""API of declarations: declare one (or check first), bulk batches with their status and per-row
report, payments received (one or many), receivables with ageing, amendments,
and the exposure on a limit or per buyer. Another organisation's objects are not found (404)."""

from declarations.apis._common import (  # noqa: F401
    ERRORS,
    _fake,
)
from declarations.apis.amendments import (  # noqa: F401
    AmendmentDecideApi,
    AmendmentListCreateApi,
    AmendmentOutput,
)
from declarations.apis.batches import (  # noqa: F401
    BatchDetailApi,
    BatchListCreateApi,
    BatchOutput,
    BatchRetryApi,
    BatchRowInput,
    BatchRowListApi,
    BatchUploadApi,
    _row_fields,
)
from declarations.apis.declarations import (  # noqa: F401
    DeclarationCheckApi,
    DeclarationDetailApi,
    DeclarationInputSerializer,
    DeclarationListCreateApi,
    DeclarationOutput,
)
from declarations.apis.exposure import (  # noqa: F401
    BuyerExposureApi,
    LimitExposureApi,
)
from declarations.apis.nil import NilDeclarationBulkApi, NilDeclarationListCreateApi  # noqa: F401
from declarations.apis.payments import (  # noqa: F401
    PaymentBulkApi,
    PaymentInputSerializer,
    PaymentListCreateApi,
    PaymentOutput,
    PaymentUploadApi,
    ReceivableListApi,
)
from declarations.apis.planning import (  # noqa: F401
    CoverQuoteApi,
    LimitPlannedApi,
    PlannedOrderDetailApi,
    PlannedOrderListCreateApi,
)
