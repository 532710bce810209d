"""/accounts/: the site's login, logout, password change and reset (Django's auth views, the site's look).

The names are Django's own, un-namespaced (`login`, `password_reset_confirm`, …), because Django's views and
forms reverse them by those names.
"""
from django.urls import path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/password/reset/done/", views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    # The admin's login page shows "Forgotten your password?" when this name exists: the site's reset form.
    path("admin/password-reset/", RedirectView.as_view(pattern_name="password_reset"), name="admin_password_reset"),
]
