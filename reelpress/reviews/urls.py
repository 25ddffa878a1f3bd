"""URLs of the reviews app: home, columns, reviews, authors, archive, browse pages and feeds."""

from django.urls import path, re_path

from reelpress.reviews import feeds, views

app_name = "reviews"
urlpatterns = [
    path("", views.home, name="home"),
    path("columns/<slug:slug>/", views.column, name="column"),
    path("reviews/<slug:slug>/", views.review, name="review"),
    path("authors/", views.author_list, name="authors"),
    path("authors/<slug:slug>/", views.author, name="author"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:year>/", views.archive_year, name="archive_year"),
    path("browse/", views.browse, name="browse"),
    path("browse/format/", views.browse_formats, name="browse_formats"),
    path("browse/format/<slug:slug>/", views.browse_format, name="browse_format"),
    path("browse/decade/", views.browse_decades, name="browse_decades"),
    re_path(r"^browse/decade/(?P<decade>[0-9]{4})s/$", views.browse_decade, name="browse_decade"),
    path("browse/verdict/", views.browse_verdicts, name="browse_verdicts"),
    path("browse/verdict/<slug:slug>/", views.browse_verdict, name="browse_verdict"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    path("feeds/reviews.rss", feeds.ReviewsRss(), name="feed_rss"),
    path("feeds/reviews.atom", feeds.ReviewsAtom(), name="feed_atom"),
    path("feeds/authors/<slug:slug>.rss", feeds.AuthorRss(), name="author_feed_rss"),
    path("feeds/authors/<slug:slug>.atom", feeds.AuthorAtom(), name="author_feed_atom"),
    path("feeds/columns.rss", feeds.ColumnsRss(), name="columns_feed_rss"),
    path("feeds/columns.atom", feeds.ColumnsAtom(), name="columns_feed_atom"),
]
