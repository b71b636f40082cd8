from __future__ import annotations

from django.urls import path

from tadafur.inforequests import views

app_name = "inforequests"
urlpatterns = [
    path("", views.register, name="register"),
    path("register.csv", views.register_csv, name="register_csv"),
    path("mine/", views.mine, name="mine"),
    path("in/<str:code>/", views.register, name="collectivity"),
    path("in/<str:code>/register.csv", views.register_csv, name="collectivity_csv"),
    path("in/<str:code>/new/", views.request_file, name="file"),
    path("in/<str:code>/desk/", views.desk, name="desk"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/refuse/", views.refuse, name="refuse"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
