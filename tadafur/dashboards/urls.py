from __future__ import annotations

from django.urls import path

from tadafur.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.national, name="national"),
    path("<str:code>/", views.scope_detail, name="scope"),
    path("<str:code>/indicators.csv", views.scope_csv, name="scope_csv"),
    path("<str:code>/representativeness.csv", views.representativeness_csv, name="representativeness_csv"),
    path("<str:code>/compare/", views.compare, name="compare"),
    path("<str:code>/compare.csv", views.compare_csv, name="compare_csv"),
    path("<str:code>/trend/<str:key>/", views.trend, name="trend"),
    path("<str:code>/trend/<str:key>.csv", views.trend_csv, name="trend_csv"),
]
