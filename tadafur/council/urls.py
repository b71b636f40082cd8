from __future__ import annotations

from django.urls import path

from tadafur.council import views

app_name = "council"
urlpatterns = [
    path("in/<str:code>/", views.sessions_list, name="list"),
    path("in/<str:code>/calendar.ics", views.collectivity_calendar, name="calendar"),
    path("in/<str:code>/plan/", views.session_plan, name="plan"),
    path("in/<str:code>/seats/", views.seats_set, name="seats"),
    path("<int:pk>/", views.session_detail, name="session"),
    path("<int:pk>/calendar.ics", views.session_calendar, name="session_calendar"),
    path("<int:pk>/minutes.pdf", views.session_minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/points/", views.point_add, name="point_add"),
    path("<int:pk>/prepare/", views.agenda_prepare, name="prepare"),
    path("<int:pk>/publish/", views.agenda_publish, name="publish"),
    path("<int:pk>/hold/", views.session_hold, name="hold"),
    path("<int:pk>/minutes/", views.minutes_publish, name="minutes"),
    path("<int:pk>/cancel/", views.session_cancel, name="cancel"),
    path("points/<int:pk>/outcome/", views.point_outcome, name="outcome"),
]
