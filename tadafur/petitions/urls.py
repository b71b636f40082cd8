from django.urls import path

from tadafur.petitions import views

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list, name="list"),
    path("rules/", views.rules_page, name="rules"),
    path("new/", views.petition_create, name="create"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/publish/", views.petition_publish, name="publish"),
    path("<int:pk>/withdraw/", views.petition_withdraw, name="withdraw"),
    path("<int:pk>/file/", views.petition_file, name="file"),
    path("<int:pk>/sign/", views.petition_sign, name="sign"),
    path("<int:pk>/receipt.pdf", views.filing_receipt_pdf, name="filing_receipt"),
    path("<int:pk>/invalidate/", views.signatures_invalidate, name="invalidate"),
    path("<int:pk>/council/<slug:action>/", views.council_action, name="council_action"),
    path("signature/<str:code>/", views.signature_receipt, name="receipt"),
    path("signature/<str:code>/withdraw/", views.signature_withdraw, name="signature_withdraw"),
    path("inbox/<str:code>/", views.inbox, name="inbox"),
]
