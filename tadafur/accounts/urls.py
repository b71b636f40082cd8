from django.urls import path

from tadafur.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
]
