"""Settings of committing acts and four-eyes (sinosure_portal/accounts/acts.py), kept apart from
settings.py, which stays under its size limit; settings.py reads them in."""

import os
from decimal import Decimal

# a credit-limit decision above this many USD waits for a second underwriter, never the one who
# proposed it (limits/second_approval.py)
PORTAL_LIMIT_SECOND_APPROVAL_USD = Decimal(os.environ.get("PORTAL_LIMIT_SECOND_APPROVAL_USD", "1000000"))
