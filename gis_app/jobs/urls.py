from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("jobs/<int:pk>/", views.status, name="status"),
    path("jobs/<int:pk>/result/", views.result, name="result"),
]
