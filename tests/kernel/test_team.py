"""Team roles inside an organisation (issue 17 item 4): an organisation's administrator invites
people (a link to set the password), gives them duties, deactivates them and turns four-eyes on;
whoever lacks the administrator duty gets a 403 naming it, on the page and through the API;
another organisation's people are not found."""

import re

import pytest
from django.core import mail
from rest_framework.test import APIClient

from sinosure_portal.accounts.models import ApiKey, Duty, User
from sinosure_portal.audit.models import AuditEvent
from tests.factories import ExporterFactory

pytestmark = pytest.mark.django_db
ADMIN_NAME = "Organisation administrator"


@pytest.fixture
def org_admin(exporter):
    exporter.duty_org_admin = True
    exporter.save()
    return exporter


@pytest.fixture
def colleague(org_admin):
    return ExporterFactory(username="colleague", organisation=org_admin.organisation)


def test_a_new_user_holds_the_three_working_duties_but_not_the_administrator_one(exporter):
    assert exporter.duties == [Duty.DATA_ENTRY, Duty.REVIEWER, Duty.ESIGNER]
    assert not exporter.has_duty(Duty.ORG_ADMIN)


def test_the_team_page_lists_the_organisation_with_duty_badges_and_never_another_one(
    client_for, org_admin, colleague, exporter2
):
    page = client_for(org_admin).get("/accounts/team/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="member-colleague"' in html and 'data-testid="member-exporter"' in html
    assert "exporter2" not in html
    assert html.count('data-duty="org_admin"') == 1  # only the administrator holds it
    assert html.count('data-duty="reviewer"') == 2
    # another organisation's person: not found
    assert client_for(org_admin).get(f"/accounts/team/{exporter2.pk}/").status_code == 404


def test_inviting_makes_an_account_whose_link_sets_the_password_once(client, client_for, org_admin, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = client_for(org_admin).post(
        "/accounts/team/",
        {"email": "Clerk@Example.com", "display_name": "新同事", "duties": ["data_entry"]},
    )
    assert page.status_code == 200
    link = re.search(r'data-testid="invitation-link">([^<]+)<', page.content.decode())[1]
    invited = User.objects.get(username="clerk@example.com")
    assert invited.organisation_id == org_admin.organisation_id and invited.role == "exporter"
    assert invited.duties == [Duty.DATA_ENTRY] and not invited.has_usable_password()
    assert AuditEvent.objects.filter(
        action="team.invited", object_id=str(invited.pk), actor=org_admin
    ).exists()
    path = link.split("testserver", 1)[1]
    client.logout()
    form = client.get(path)
    assert form.status_code == 200 and "clerk@example.com" in form.content.decode()
    mismatch = client.post(path, {"password1": "Long-enough-2026", "password2": "other-2026-x"})
    assert mismatch.status_code == 200 and "The two passwords differ." in mismatch.content.decode()
    done = client.post(path, {"password1": "Long-enough-2026", "password2": "Long-enough-2026"})
    assert done.status_code == 302 and done["Location"].startswith("/accounts/login/")
    signed_in = client.post(
        "/accounts/login/", {"username": "clerk@example.com", "password": "Long-enough-2026"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    client.logout()
    # the link worked once
    again = client.get(path)
    assert again.status_code == 404 and 'data-testid="invitation-invalid"' in again.content.decode()


def test_an_invitation_names_every_problem_at_once(client_for, org_admin, colleague):
    page = client_for(org_admin).post(
        "/accounts/team/", {"email": colleague.email, "display_name": "x", "duties": []}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Someone already has an account with this e-mail address." in html
    assert "Give the person at least one duty." in html


def test_without_the_administrator_duty_the_page_and_the_api_answer_403_naming_it(
    client_for, api_for, colleague
):
    page = client_for(colleague).post(
        "/accounts/team/", {"email": "x@example.com", "display_name": "X", "duties": ["data_entry"]}
    )
    assert page.status_code == 403 and ADMIN_NAME in page.content.decode()
    answer = api_for(colleague).post(
        "/api/v1/team/",
        {"email": "x@example.com", "display_name": "X", "duties": ["data_entry"]},
        format="json",
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "duty_missing" and ADMIN_NAME in answer.json()["message"]
    assert not User.objects.filter(username="x@example.com").exists()
    # in Chinese, the duty's Chinese name
    zh = api_for(colleague).post(
        f"/api/v1/team/{colleague.pk}/duties/", {"duties": []}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert zh.status_code == 403 and "机构管理员" in zh.json()["message"]


def test_duties_change_on_the_page_and_are_audited(client_for, org_admin, colleague):
    page = client_for(org_admin).post(f"/accounts/team/{colleague.pk}/", {"duties": ["reviewer", "esigner"]})
    assert page.status_code == 302
    colleague.refresh_from_db()
    assert colleague.duties == [Duty.REVIEWER, Duty.ESIGNER]
    event = AuditEvent.objects.get(action="team.duties_changed", object_id=str(colleague.pk))
    assert event.actor == org_admin and event.data["changes"] == {"duty_data_entry": [True, False]}


def test_the_last_administrator_cannot_drop_the_duty(api_for, org_admin):
    answer = api_for(org_admin).post(
        f"/api/v1/team/{org_admin.pk}/duties/", {"duties": ["reviewer"]}, format="json"
    )
    assert answer.status_code == 400 and answer.json()["code"] == "last_org_admin"
    org_admin.refresh_from_db()
    assert org_admin.duty_org_admin


def test_deactivating_stops_sign_in_and_revokes_keys_and_another_org_gets_404(
    client, api_for, org_admin, colleague, exporter2
):
    api_for(colleague)  # the colleague has an API key
    answer = api_for(org_admin).post(
        f"/api/v1/team/{colleague.pk}/deactivate/", {"reason": "left"}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["is_active"] is False
    refused = client.post("/accounts/login/", {"username": "colleague", "password": "test-pass-2026"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert not ApiKey.objects.filter(user=colleague, status="active").exists()
    assert AuditEvent.objects.filter(
        action="team.deactivated", object_id=str(colleague.pk), reason="left"
    ).exists()
    # another organisation's person is not found, through the API and the page
    assert (
        api_for(org_admin).post(f"/api/v1/team/{exporter2.pk}/deactivate/", {}, format="json").status_code
        == 404
    )
    assert api_for(org_admin).get(f"/api/v1/team/{exporter2.pk}/").status_code == 404
    exporter2.refresh_from_db()
    assert exporter2.is_active
    # nobody deactivates themselves
    self_answer = api_for(org_admin).post(f"/api/v1/team/{org_admin.pk}/deactivate/", {}, format="json")
    assert self_answer.status_code == 400 and self_answer.json()["code"] == "deactivate_self"


def test_the_deactivate_button_on_the_page(client_for, org_admin, colleague):
    page = client_for(org_admin).post(f"/accounts/team/{colleague.pk}/active/", {})
    assert page.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_active
    client_for(org_admin).post(f"/accounts/team/{colleague.pk}/active/", {"active": "1"})
    colleague.refresh_from_db()
    assert colleague.is_active


def test_the_team_api_lists_only_the_callers_organisation(api_for, org_admin, colleague, exporter2):
    body = api_for(colleague).get("/api/v1/team/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert {r["username"] for r in rows} == {"exporter", "colleague"}
    assert next(r for r in rows if r["username"] == "exporter")["duties"] == [
        "data_entry",
        "reviewer",
        "esigner",
        "org_admin",
    ]


def test_the_api_invites_and_answers_the_link(api_for, org_admin):
    answer = api_for(org_admin).post(
        "/api/v1/team/",
        {"email": "signer@example.com", "display_name": "Signer", "duties": ["esigner"]},
        format="json",
    )
    assert answer.status_code == 201
    body = answer.json()
    assert body["invited"] is True and body["duties"] == ["esigner"]
    assert "/accounts/invitation/" in body["invitation_url"]
    unknown = api_for(org_admin).post(
        "/api/v1/team/", {"email": "a@example.com", "display_name": "A", "duties": ["boss"]}, format="json"
    )
    assert unknown.status_code == 400 and unknown.json()["field"].startswith("duties")


def test_four_eyes_is_set_by_the_administrator_only(api_for, client_for, org_admin, colleague):
    assert (
        api_for(colleague).post("/api/v1/team/four-eyes/", {"four_eyes": True}, format="json").status_code
        == 403
    )
    answer = api_for(org_admin).post("/api/v1/team/four-eyes/", {"four_eyes": True}, format="json")
    assert answer.status_code == 200 and answer.json() == {"four_eyes": True}
    org_admin.organisation.refresh_from_db()
    assert org_admin.organisation.four_eyes
    assert api_for(colleague).get("/api/v1/team/four-eyes/").json() == {"four_eyes": True}
    client_for(org_admin).post("/accounts/team/four-eyes/", {})
    org_admin.organisation.refresh_from_db()
    assert not org_admin.organisation.four_eyes
    assert AuditEvent.objects.filter(action="team.four_eyes_changed").count() == 2


def test_no_mail_leaks_the_link_to_anyone_but_the_invited(org_admin, api_for, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    api_for(org_admin).post(
        "/api/v1/team/",
        {"email": "new@example.com", "display_name": "New", "duties": ["reviewer"]},
        format="json",
    )
    for message in mail.outbox:
        assert message.to == ["new@example.com"]


def test_an_unauthenticated_caller_gets_nothing():
    assert APIClient().get("/api/v1/team/").status_code in (401, 403)
