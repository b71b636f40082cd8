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
    path("<int:pk>/send-back/", views.petition_send_back, name="send_back"),
    path("<int:pk>/file/", views.petition_file, name="file"),
    path("<int:pk>/sign/", views.petition_sign, name="sign"),
    path("<int:pk>/receipt.pdf", views.filing_receipt_pdf, name="filing_receipt"),
    path("<int:pk>/invalidate/", views.signatures_invalidate, name="invalidate"),
    path("<int:pk>/council/<slug:action>/", views.council_action, name="council_action"),
    path("signature/<str:code>/", views.signature_receipt, name="receipt"),
    path("signature/<str:code>/withdraw/", views.signature_withdraw, name="signature_withdraw"),
    path("inbox/<str:code>/", views.inbox, name="inbox"),
    path("<int:pk>/paper/", views.paper_sheets, name="paper_sheets"),
    path("<int:pk>/paper/<int:number>/", views.paper_sheet, name="paper_sheet"),
    path("<int:pk>/paper/<int:number>/reconcile/", views.paper_sheet_reconcile, name="paper_sheet_reconcile"),
    path("<int:pk>/paper/<int:number>/reject/", views.paper_sheet_reject, name="paper_sheet_reject"),
    path("<int:pk>/paper/<int:number>/scan", views.paper_sheet_scan, name="paper_sheet_scan"),
    path("<int:pk>/paper/<int:number>/lines/<int:line_pk>/delete/", views.paper_line_delete, name="paper_line_delete"),
    path("<int:pk>/dossier.pdf", views.dossier_pdf, name="dossier"),
    path("<int:pk>/council-dossier.pdf", views.council_dossier_pdf, name="council_dossier"),
    path("<int:pk>/signatures.csv", views.signature_list_csv, name="signature_list_csv"),
]
