"""Reader mail: /mail/ (letters and the form), /mail/<id>/, /mail/thanks/, /mail/feed/."""

from django.urls import path

from reelpress.mail import feeds, views

app_name = "mail"
urlpatterns = [
    path("", views.index, name="index"),
    path("thanks/", views.thanks, name="thanks"),
    path("feed/", feeds.LettersFeed(), name="feed"),
    path("<int:pk>/", views.letter, name="letter"),
]
