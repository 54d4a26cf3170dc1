from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sinosure_portal.accounts.forms import ApiKeyForm
from sinosure_portal.accounts.keys import api_key_create, api_key_revoke
from sinosure_portal.base.errors import DomainError


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"profile_user": request.user})


@login_required
@never_cache
def api_keys(request):
    """The user's API keys; a new key is shown once, on the answer to the POST that made it (never
    stored in the session, never shown again)."""
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            new_key = api_key_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            form = ApiKeyForm()
    return render(
        request,
        "accounts/api_keys.html",
        {"form": form, "new_key": new_key, "keys": request.user.api_keys.all()},
    )


@login_required
@require_POST
def api_key_revoke_page(request, pk: int):
    api_key = api_key_revoke(user=request.user, key_id=pk, actor=request.user)
    messages.success(request, _("The key %(key)s is revoked.") % {"key": str(api_key)})
    return redirect("api-keys")
