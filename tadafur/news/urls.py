from __future__ import annotations

from django.urls import path

from tadafur.news import views

app_name = "news"
urlpatterns = [
    path("in/<str:code>/", views.news_list, name="list"),
    path("in/<str:code>/new/", views.news_create, name="create"),
    path("in/<str:code>/feed.atom", views.news_feed, name="feed"),
    path("<int:pk>/", views.news_detail, name="detail"),
    path("<int:pk>/publish/", views.news_publish, name="publish"),
    path("<int:pk>/unpublish/", views.news_unpublish, name="unpublish"),
]
