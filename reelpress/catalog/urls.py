"""URLs of the catalogue pages."""

from django.urls import path

from reelpress.catalog import views

app_name = "catalog"
urlpatterns = [
    path("films/", views.film_list, name="films"),
    path("films/<slug:slug>/", views.film, name="film"),
    path("people/", views.person_list, name="people"),
    path("people/<slug:slug>/", views.person, name="person"),
    path("people/<slug:slug>/<slug:role>/", views.person_role, name="person_role"),
    path("labels/", views.label_list, name="labels"),
    path("labels/<slug:slug>/", views.label, name="label"),
    path("editions/<slug:slug>/", views.release, name="release"),
]
