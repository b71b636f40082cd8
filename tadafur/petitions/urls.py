from django.urls import path

from tadafur.petitions import views

app_name = "petitions"
urlpatterns = [
    path("rules/", views.rules_page, name="rules"),
]
