"""A deleted picture's files go once no other row uses the same content, after the commit (a
rolled-back delete keeps them)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from reelpress.images.models import Image


@receiver(post_delete, sender=Image)
def _delete_files(sender, instance, **kwargs):
    from reelpress.images.files import delete_unused

    names = [instance.file, *(r["name"] for r in instance.renditions)]
    transaction.on_commit(lambda: delete_unused(instance.sha256, names))
