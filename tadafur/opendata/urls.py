from __future__ import annotations

from django.urls import path

from tadafur.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("data-dictionary.csv", views.dictionary_csv, name="dictionary_csv"),
    path("budgets/<int:pk>.pb", views.budget_pb, name="budget_pb"),
    path("<str:key>.csv", views.dataset_csv, name="csv"),
    path("<str:key>.json", views.dataset_json, name="json"),
]
