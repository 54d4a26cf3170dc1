"""What the modules of this package share."""

from __future__ import annotations

from declarations.models import ShipmentDeclaration
from sinosure_portal.accounts.models import Role

RECORDER_ROLES = [Role.EXPORTER, Role.BANK]
S = ShipmentDeclaration.Status
