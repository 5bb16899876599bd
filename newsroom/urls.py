from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic.base import RedirectView

from attribution import api
from attribution.signin import AdminSignInForm, SignInForm

# a request Django refuses to read (too many files, too large) still gets our page where it can
handler400 = "attribution.views.articles.bad_request"
# the admin's own sign-in page has the same brake, and says so the same way
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("admin/", admin.site.urls),
    # the API's own root answers a bare 404: a developer who opens it is sent to the documentation instead
    path(
        "api/v1/",
        login_not_required(RedirectView.as_view(pattern_name="api:openapi-view")),
        name="api_home",
    ),
    path("api/v1/", api.urls()),
    # Sign-in, sign-out and changing one's password; no reset by e-mail (admins set passwords).
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("attribution.urls")),
]
