from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reelpress.reviews"
    label = "reviews"
