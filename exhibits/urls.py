from django.urls import path

from exhibits import views

app_name = "exhibits"

urlpatterns = [
    path("exhibits/", views.catalogue, name="catalogue"),
    path("exhibits/labels/<int:year>/", views.labels, name="labels"),
    path(
        "exhibits/images/<int:pk>/<slug:size>/",
        views.image,
        name="image",
    ),
    path("exhibits/<str:object_number>/", views.detail, name="detail"),
]
