"""SQLite: the review's body moves to the end of its row.

SQLite keeps a row's first bytes in the table's B-tree page and the rest in a chain of overflow
pages, column by column in table order. The body (≈5 KB) sat before the verdict, the author,
the film and the edition, so every list that read those columns (the home page, the archive, a
film's or an author's reviews, the feeds) read the body's overflow pages to reach them: two or
three more pages a review, scattered over the file. Last in the row, the body's overflow is read
only by what reads the body (a review page, the search index).

PostgreSQL keeps large values out of the row already (TOAST): nothing to do there. The model's
state is unchanged (column order is not part of it). A later migration that makes Django rebuild
this table on SQLite would put the body back in the middle; ``test_review_row.py`` fails then.
"""

from django.db import migrations


def body_last(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        columns = [row[1] for row in cursor.execute('PRAGMA table_info("reviews_review")').fetchall()]
    if columns[-1] == "body":
        return
    # No trigger or index names the body; the tallies' update triggers name their columns, so
    # the copy fires none of them.
    for sql in (
        """ALTER TABLE "reviews_review" ADD COLUMN "body_moving" text NOT NULL DEFAULT ''""",
        'UPDATE "reviews_review" SET "body_moving" = "body"',
        'ALTER TABLE "reviews_review" DROP COLUMN "body"',
        'ALTER TABLE "reviews_review" RENAME COLUMN "body_moving" TO "body"',
    ):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_bounded_list_indexes")]

    operations = [migrations.RunPython(body_last, migrations.RunPython.noop, elidable=False)]
