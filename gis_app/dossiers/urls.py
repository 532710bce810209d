from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("dossiers/", views.dossier_list, name="list"),
    path("dossiers/new/", views.register, name="new"),
    path("dossiers/<int:pk>/", views.detail, name="detail"),
    path("dossiers/<int:pk>/answer/", views.answer, name="answer"),
    path("dossiers/<int:pk>/attachments/", views.attach, name="attach"),
    path("dossiers/<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("dossiers/<int:pk>/submit/", views.submit, name="submit"),
    path("dossiers/<int:pk>/form-02/", views.form02, name="form02"),
    path("dossiers/<int:pk>/check/", views.check, name="check"),
    path("dossiers/<int:pk>/score/", views.score_sheet, name="score"),
    path("dossiers/<int:pk>/decide/", views.decide, name="decide"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
]
