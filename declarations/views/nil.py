"""Nil declarations (零申报): the months an insured reported without shipments, and the form."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from declarations import selectors, services
from declarations.forms import NilDeclarationForm
from declarations.views._common import DECLARERS, _page
from sinosure_portal.base.errors import DomainError
from sinosure_portal.workdays.calendar import today


@login_required
def nil_declarations(request):
    declares = request.user.role in DECLARERS
    policies = selectors.policies_declaring(request.user) if declares else None
    last_month = (today().replace(day=1) - timedelta(days=1)).replace(day=1)
    form = None
    if declares and policies.exists():
        form = NilDeclarationForm(request.POST or None, policies=policies, initial={"month": last_month})
        if request.method == "POST" and form.is_valid():
            try:
                nil = services.nil_declaration_report(
                    actor=request.user,
                    data=services.NilInput(
                        policy_id=form.cleaned_data["policy"].pk, month=form.cleaned_data["month"]
                    ),
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    _("No shipments in %(month)s under policy %(policy)s: reported.")
                    % {"month": nil.month.strftime("%Y-%m"), "policy": nil.policy.number},
                )
                return redirect("declarations:nil-list")
    qs = selectors.nil_declarations_visible(request.user).order_by("-month", "-id")
    return render(request, "declarations/nil.html", {"form": form, "page": _page(request, qs)})
