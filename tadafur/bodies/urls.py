from django.urls import path

from tadafur.bodies import views

app_name = "bodies"
urlpatterns = [
    path("in/<str:code>/", views.collectivity_bodies, name="list"),
    path("in/<str:code>/new/", views.body_create, name="create"),
    path("<int:pk>/", views.body_detail, name="detail"),
    path("<int:pk>/calendar.ics", views.body_calendar, name="calendar"),
    path("<int:pk>/manage/", views.body_manage, name="manage"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/meetings/", views.meeting_plan, name="meeting_plan"),
    path("<int:pk>/referrals/", views.referral_create, name="referral_create"),
    path("<int:pk>/opinions/", views.opinion_draft, name="opinion_draft"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_calendar, name="meeting_calendar"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:pk>/agenda/", views.meeting_agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/invite/", views.meeting_invite, name="invite"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("meetings/<int:pk>/decisions/", views.meeting_decision_add, name="decision_add"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="minutes"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion"),
    path("opinions/<int:pk>/adopt/", views.opinion_adopt, name="opinion_adopt"),
    path("opinions/<int:pk>/answer/", views.opinion_answer, name="opinion_answer"),
    path("opinions/<int:pk>/followups/", views.followup_add, name="followup_add"),
    path("followups/<int:pk>/", views.followup_update, name="followup_update"),
]
