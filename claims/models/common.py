"""What every claims model shares: amount field sizes and the causes of loss."""

from django.db import models
from django.utils.translation import gettext_lazy as _

USD = {"max_digits": 18, "decimal_places": 2}


RATIO = {"max_digits": 5, "decimal_places": 4}


class Cause(models.TextChoices):
    """The risks covered (DESIGN.md, seed). Only a default is counted from the due date."""

    # commercial
    BUYER_INSOLVENCY = "buyer_insolvency", _("Buyer insolvency")  # 买方破产或无力偿付债务
    BUYER_DEFAULT = "buyer_default", _("Buyer default (unpaid after the due date)")  # 买方拖欠货款
    BUYER_REJECTION = "buyer_rejection", _("Buyer rejected the goods")  # 买方拒收货物
    BANK_INSOLVENCY = "bank_insolvency", _("Issuing bank insolvency, closure or takeover")
    BANK_DEFAULT = "bank_default", _("Issuing bank default or refusal to accept a usance L/C")
    # political
    TRANSFER_BAN = "transfer_ban", _("Payment or transfer ban")  # 禁止或限制汇兑
    IMPORT_BAN = "import_ban", _("Import ban or licence revoked")  # 禁止进口或撤销进口许可证
    WAR = "war", _("War, civil war, rebellion, revolution or riot")
    MORATORIUM = "moratorium", _("Moratorium on payment")  # 延期付款令


POLITICAL_CAUSES = (Cause.TRANSFER_BAN, Cause.IMPORT_BAN, Cause.WAR, Cause.MORATORIUM)
