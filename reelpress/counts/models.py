"""One figure per row: how many reviews that are not drafts a key has (``kind`` names the key)."""

from django.db import models


class Tally(models.Model):
    """Non-draft reviews per key, written only by the database triggers of migration 0001.

    kind "author": ``item`` is the author's id (0: reviews without an author). Scheduled reviews
    are in the figure; a reader's count subtracts those whose time has not come (few, read from
    the ``published_at`` index), see ``counts.figures``.
    """

    kind = models.CharField(max_length=20)
    item = models.BigIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "item"], name="counts_tally_kind_item")]

    def __str__(self):
        return f"{self.kind} {self.item}: {self.n}"
