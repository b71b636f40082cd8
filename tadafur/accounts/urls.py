from django.urls import path

from tadafur.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("edit/", views.profile_edit, name="profile_edit"),
    path("verify/", views.resident_verify, name="verify"),
    path("data.json", views.data_export, name="data_export"),
    path("close/", views.account_close, name="close"),
    path("activity/", views.activity_declare, name="activity"),
    path("activity/<int:pk>/document.pdf", views.activity_document, name="activity_document"),
    path("collectivities/<str:code>/activity/", views.activity_queue, name="activity_queue"),
    path("collectivities/<str:code>/roles/", views.roles, name="roles"),
    path("collectivities/<str:code>/roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("collectivities/<str:code>/roll/", views.roll_upload, name="roll"),
    path("collectivities/<str:code>/help-desk/", views.help_desk, name="help_desk"),
    path("collectivities/<str:code>/audit/", views.audit_log, name="audit"),
]
