from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinosure_portal.accounts.access import ensure_role, get_visible_or_404
from sinosure_portal.accounts.models import Role
from sinosure_portal.ledger.checks import ledger_checks
from sinosure_portal.ledger.models import ReconciliationRun
from sinosure_portal.ledger.selectors import check_info, run_findings, runs_visible

RUNNERS = [Role.ADMIN, Role.UNDERWRITER]


@login_required
def runs(request):
    qs = runs_visible(request.user)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    latest = qs.first()
    return render(
        request,
        "ledger/runs.html",
        {
            "page": page,
            "latest": latest,
            "checks": ledger_checks(),
            "latest_checks": _checks_of(latest) if latest else [],
            "may_run": request.user.role in RUNNERS,
        },
    )


@login_required
def run_detail(request, pk: int):
    run = get_visible_or_404(runs_visible(request.user), pk=pk)
    return render(
        request,
        "ledger/run_detail.html",
        {"run": run, "checks": _checks_of(run), "findings": run_findings(run)},
    )


@login_required
@require_POST
def run_now(request):
    runs_visible(request.user)
    ensure_role(request.user, RUNNERS, action=_("reconcile the ledger"))
    from sinosure_portal.ledger.services import reconciliation_run

    run = reconciliation_run(actor=request.user, trigger=ReconciliationRun.Trigger.MANUAL)
    if run.findings_count:
        messages.error(request, _("Drift found in %(n)d rows.") % {"n": run.findings_count})
    else:
        messages.success(request, _("The ledger reconciles."))
    return redirect("ledger:run", pk=run.pk)


def _checks_of(run: ReconciliationRun) -> list[dict]:
    return [{**c, **check_info(c["code"])} for c in run.checks]
