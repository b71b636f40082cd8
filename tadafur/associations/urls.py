from django.urls import path

from tadafur.associations import views

app_name = "associations"
urlpatterns = [
    path("", views.association_list, name="list"),
]
