"""A deleted picture's files go once no other row uses the same content, after the commit (a
rolled-back delete keeps them); a merged edition's, person's or label's pictures follow the merge."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from reelpress.catalog.models import MergedKey
from reelpress.images.models import Image


@receiver(post_delete, sender=Image)
def _delete_files(sender, instance, **kwargs):
    from reelpress.images.files import delete_unused

    names = [instance.file, *(r["name"] for r in instance.renditions)]
    transaction.on_commit(lambda: delete_unused(instance.sha256, names))


@receiver(post_save, sender=MergedKey)
def _follow_a_merge(sender, instance, created, **kwargs):
    """A merge leaves a MergedKey just before it deletes the loser (``catalog.merge``): the
    loser's pictures, and captures showing a merged edition, move to the survivor first, or the
    delete would cascade to them."""
    if not created or instance.kind not in ("release", "person", "label"):
        return
    survivor = getattr(instance, instance.kind)
    if survivor is None:
        return
    loser = type(survivor).objects.filter(slug=instance.slug).exclude(pk=survivor.pk).first()
    if loser is None:
        return
    Image.objects.filter(**{instance.kind: loser}).update(**{instance.kind: survivor})
    if instance.kind == "release":
        Image.objects.filter(edition=loser).update(edition=survivor)
