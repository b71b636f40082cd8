from django.urls import path

from tadafur.associations import views

app_name = "associations"
urlpatterns = [
    path("", views.association_list, name="list"),
    path("register/", views.association_register, name="register"),
    path("review/<str:code>/", views.review_queue, name="review"),
    path("<int:pk>/", views.association_detail, name="detail"),
    path("<int:pk>/edit/", views.association_edit, name="edit"),
    path("<int:pk>/branches/", views.branch_add, name="branch_add"),
    path("<int:pk>/verify/", views.association_verify, name="verify"),
    path("<int:pk>/reject/", views.association_reject, name="reject"),
]
