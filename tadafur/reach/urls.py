from __future__ import annotations

from django.urls import path

from tadafur.reach import views

app_name = "reach"
urlpatterns = [
    path("", views.index, name="index"),
    path("desk/", views.desk, name="desk"),
    path("desk/stop/", views.desk_stop, name="desk_stop"),
    path("to/<str:label>/<int:pk>", views.for_object, name="for_object"),
    path("<str:code>", views.status, name="status"),
    path("<str:code>/poster.pdf", views.poster_view, name="poster"),
]
