from __future__ import annotations

from django.urls import path

from tadafur.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="mark_read"),
    path("follow/", views.follow, name="follow"),
    path("unfollow/", views.unfollow, name="unfollow"),
    path("settings/", views.preferences, name="preferences"),
    path("settings/follows/<int:pk>/remove/", views.follow_remove, name="follow_remove"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
