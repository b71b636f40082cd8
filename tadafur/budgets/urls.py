from django.urls import path

from tadafur.budgets import views

app_name = "budgets"
urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("new/", views.cycle_create, name="cycle_create"),
    path("<int:pk>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/propose/", views.proposal_create, name="propose"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/desk/", views.desk, name="desk"),
    path("<int:pk>/codes/", views.codes, name="codes"),
    path("<int:pk>/compute/", views.compute, name="compute"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.csv", views.results_csv, name="results_csv"),
    path("<int:pk>/results.pb", views.results_pb, name="results_pb"),
    path("<int:pk>/results.json", views.results_json, name="results_json"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("proposals/<int:pk>/execution/", views.execution_edit, name="execution"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/review/", views.proposal_review, name="review"),
    path("proposals/<int:pk>/gender-review/", views.proposal_gender_review, name="gender_review"),
    path("proposals/<int:pk>/merge/", views.proposal_merge, name="merge"),
]
