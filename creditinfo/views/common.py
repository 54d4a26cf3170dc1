from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.accounts.models import Role

RECORD_EVENT_ROLES = [Role.UNDERWRITER, Role.ADMIN]
REGISTER_BUYER_ROLES = [Role.EXPORTER, Role.BANK, Role.UNDERWRITER, Role.ADMIN]


def staff_only(request) -> None:
    if not is_insurer(request.user):
        raise Http404


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback
