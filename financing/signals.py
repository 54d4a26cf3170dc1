"""A declared shipment with financing intent queues its coverage notices after commit. No rule
lives here: the task calls the service, which decides whether a notice is owed."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from declarations.models import ShipmentDeclaration


@receiver(post_save, sender=ShipmentDeclaration, dispatch_uid="financing.coverage_notice_on_declaration")
def queue_coverage_notice(sender, instance, created, raw=False, **kwargs):
    if raw or not created or not instance.financing_intent:
        return
    pk = instance.pk

    def _queue():
        from financing.tasks import issue_coverage_notices

        issue_coverage_notices.delay([pk])

    transaction.on_commit(_queue)
