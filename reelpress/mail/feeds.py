"""The published letters as an RSS feed: letter and reply, never the sender's address."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse

from reelpress.mail.models import Letter


class LettersFeed(Feed):
    description_template = None

    def title(self):
        return f"{settings.SITE_NAME}: letters"

    def link(self):
        return reverse("mail:index")

    def description(self):
        return "Readers' letters and the critic's replies."

    def items(self):
        return Letter.objects.public().select_related("review", "replied_by")[:30]

    def item_title(self, item):
        return item.subject

    def item_description(self, item):
        return render_to_string("mail/_letter_feed.html", {"letter": item})

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        # Deliberately no item_author_email: the address is private.
        return item.name
