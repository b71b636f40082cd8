from django.urls import path

from tadafur.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.territory_search, name="search"),
    path("<str:code>/", views.territory_detail, name="detail"),
]
