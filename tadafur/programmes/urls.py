from django.urls import path

from tadafur.programmes import views

app_name = "programmes"
urlpatterns = [
    path("in/<str:code>/", views.collectivity_programmes, name="list"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/diagnosis/", views.programme_diagnosis, name="diagnosis"),
    path("<int:pk>/consultation/", views.programme_consultation, name="consultation"),
    path("<int:pk>/consultation/comment/", views.comment_post, name="comment"),
    path("<int:pk>/consultation/ranking/", views.ranking_submit, name="rank"),
    path("<int:pk>/advance/", views.programme_advance, name="advance"),
    path("<int:pk>/window/", views.window_set, name="window"),
    path("<int:pk>/adopt/", views.programme_adopt, name="adopt"),
    path("<int:pk>/axes/", views.axis_add, name="axis_add"),
    path("<int:pk>/workshops/", views.workshop_record, name="workshop"),
    path("workshops/<int:pk>/photos/", views.workshop_photo_add, name="workshop_photo"),
    path("<int:pk>/projects/", views.project_add, name="project_add"),
    path("<int:pk>/evaluations/", views.evaluation_record, name="evaluation"),
    path("<int:pk>/changes/", views.change_record, name="change"),
    path("<int:pk>/report/<int:year>/", views.execution_report, name="report"),
    path("<int:pk>/report/<int:year>.pdf", views.execution_report_pdf, name="report_pdf"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("projects/<int:pk>/progress/", views.project_progress, name="project_progress"),
    path("indicators/<int:pk>/", views.indicator_update, name="indicator_update"),
]
