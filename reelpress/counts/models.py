"""One figure per row: how many reviews that are not drafts a key has (``kind`` names the key)."""

from django.db import models


class Tally(models.Model):
    """Non-draft reviews per key, written only by the database triggers of migration 0002.

    ``kind`` names the figure, ``item`` (a number) or ``key`` (a text) the row: "author" (author
    id, 0: none), "year" (of publication, UTC), "verdict" (key), "format" (key: format_key, char
    31, disc_format), "film-year" (-1: none), "tag", "release" (edition id) and "label" (label id;
    its editions with a "release" figure above 0, not its reviews), "film" (film id) and "role"
    (person id; key: role, char 31, role_label: their films in that role with a "film" figure
    above 0; migration 0004). Scheduled reviews are in the
    figures; a reader's count subtracts those whose time has not come (few, read from the
    ``published_at`` index), see ``counts.figures``.
    """

    kind = models.CharField(max_length=20)
    item = models.BigIntegerField()
    key = models.CharField(max_length=200, blank=True, db_default="")
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "item", "key"], name="counts_tally_kind_item_key")
        ]

    def __str__(self):
        return f"{self.kind} {self.key or self.item}: {self.n}"
