from __future__ import annotations

from django.urls import path

from tadafur.steering import views

app_name = "steering"
urlpatterns = [
    path("", views.committee_list, name="list"),
    path("in/<str:code>/new/", views.committee_create, name="create"),
    path("<int:pk>/", views.committee_detail, name="detail"),
    path("<int:pk>/manage/", views.committee_manage, name="manage"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("members/<int:pk>/end/", views.member_end, name="member_end"),
    path("<int:pk>/meetings/", views.meeting_plan, name="meeting_plan"),
    path("<int:pk>/recommendations/", views.recommendation_add, name="recommendation_add"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/status/", views.recommendation_status, name="recommendation_status"),
    path("recommendations/<int:pk>/notes/", views.recommendation_note, name="recommendation_note"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/pack.pdf", views.meeting_pack, name="pack"),
    path("meetings/<int:pk>/prepare/", views.meeting_prepare, name="prepare"),
    path("meetings/<int:pk>/agenda/", views.meeting_agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/invite/", views.meeting_invite, name="invite"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("meetings/<int:pk>/decisions/", views.meeting_decision_add, name="decision_add"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="minutes"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
]
