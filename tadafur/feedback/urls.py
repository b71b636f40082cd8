from __future__ import annotations

from django.urls import path

from tadafur.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("in/<str:code>/", views.report_list, name="collectivity"),
    path("in/<str:code>/new/", views.report_file, name="file"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
]
