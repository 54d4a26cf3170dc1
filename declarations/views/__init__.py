"""Pages of declarations: declare one (check first, then confirm), upload many with a progress bar
and a per-row report, the receivables with ageing, payments received, amendments, a limit's live
exposure, the underwriters' exposure per buyer, and premium invoices."""

from declarations.views._common import (  # noqa: F401
    DECLARERS,
    _declarer,
    _page,
)
from declarations.views.amendments import (  # noqa: F401
    amendment_decide,
    amendment_list,
)
from declarations.views.declaring import (  # noqa: F401
    _declaration_input,
    declaration_new,
)
from declarations.views.exposure import (  # noqa: F401
    _buyer_label,
    buyer_exposure,
    limit_exposure,
    limit_status,
    premium_invoice_list,
    premium_invoice_pdf,
)
from declarations.views.lists import (  # noqa: F401
    DECLARATION_HEADERS,
    _detail_context,
    declaration_amend,
    declaration_detail,
    declaration_list,
    declaration_pay,
)
from declarations.views.nil import nil_declarations  # noqa: F401
from declarations.views.planning import cover_quote, planned_order_drop  # noqa: F401
from declarations.views.receivables import (  # noqa: F401
    RECEIVABLE_HEADERS,
    _buyer_choices,
    payment_list,
    receivable_list,
)
from declarations.views.uploads import (  # noqa: F401
    batch_detail,
    batch_report,
    batch_retry,
    batch_status,
    template_download,
    upload,
)
