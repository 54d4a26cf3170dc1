from django.contrib.auth import views as auth_views
from django.urls import path

from sinosure_portal.accounts import team_views, views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("profile/", views.profile, name="profile"),
    path("api-keys/", views.api_keys, name="api-keys"),
    path("api-keys/<int:pk>/revoke/", views.api_key_revoke_page, name="api-key-revoke"),
    path("team/", team_views.team_page, name="team"),
    path("team/four-eyes/", team_views.four_eyes_set, name="team-four-eyes"),
    path("team/<int:pk>/", team_views.member_page, name="team-member"),
    path("team/<int:pk>/active/", team_views.member_active, name="team-member-active"),
    path("invitation/<str:token>/", team_views.invitation, name="invitation"),
    path("approvals/", team_views.approvals, name="approvals"),
    path("approvals/<int:pk>/approve/", team_views.act_decide, {"decision": "approve"}, name="act-approve"),
    path("approvals/<int:pk>/reject/", team_views.act_decide, {"decision": "reject"}, name="act-reject"),
]
