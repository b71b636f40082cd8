from __future__ import annotations

from django.urls import path

from tadafur.comments import views

app_name = "comments"
urlpatterns = [
    path("on/<str:label>/<int:pk>/", views.comment_post, name="post"),
    path("<int:pk>/flag/", views.comment_flag, name="flag"),
    path("<int:pk>/hide/", views.comment_hide, name="hide"),
    path("<int:pk>/restore/", views.comment_restore, name="restore"),
    path("<int:pk>/keep/", views.comment_keep, name="keep"),
    path("moderation/<str:code>/", views.moderation_queue, name="queue"),
]
