"""A user's API keys end with the password they were made under, and with the user's access."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from sinosure_portal.accounts.models import ApiKey, User


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_api_keys")
def revoke_api_keys(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    """On every save after ``set_password`` (the password change page, an administrator's reset,
    ``changepassword``) and on every save of an inactive user, revoke the user's active keys."""
    from sinosure_portal.accounts.keys import api_keys_revoke_all

    password_was_set = getattr(instance, "_password_was_set", False)
    instance._password_was_set = False
    if raw or created:
        return
    if not instance.is_active:
        api_keys_revoke_all(user=instance, because=ApiKey.RevokedBecause.DEACTIVATED)
    elif password_was_set:
        api_keys_revoke_all(user=instance, because=ApiKey.RevokedBecause.PASSWORD_CHANGED)
