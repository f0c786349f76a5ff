from django.urls import path

from participants.tributes import views

urlpatterns = [
    path("remember/", views.wall, name="tribute_wall"),
    path("remember/write/", views.write, name="tribute_write"),
    path("remember/screen/", views.screen, name="tribute_screen"),
    path("remember/screen/data.json", views.screen_data, name="tribute_screen_data"),
    path("remember/<int:pk>/", views.detail, name="tribute_detail"),
    path("remember/<int:pk>/report/", views.report, name="tribute_report"),
    path("remember/mine/<int:pk>/", views.mine, name="tribute_mine"),
    path("remember/delete/<str:token>/", views.delete_signed, name="tribute_delete_signed"),
]
