import pytest
from django.core import mail
from django.urls import reverse

from tadafur.accounts.models import RoleAssignment, User
from tadafur.accounts.roles import Role
from tadafur.accounts.services import role_grant
from tadafur.accounts.tests.factories import UserFactory
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def settat_admin(settat, platform_admin):
    from allauth.mfa.totp.internal.auth import TOTP

    user = UserFactory(display_name="Leila")
    role_grant(user=user, role=Role.COLLECTIVITY_ADMIN, collectivity=settat, actor=platform_admin)
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    return user


def test_collectivity_admin_invites_a_new_agent_by_email(
    client, settat, settat_admin, django_capture_on_commit_callbacks
):
    client.force_login(settat_admin)
    url = reverse("accounts:roles", args=[settat.code])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"contact": "Omar@Example.ma", "display_name": "Omar", "role": Role.STAFF_AGENT})
    assert response.status_code == 302
    omar = User.objects.get(email="omar@example.ma")
    assert not omar.has_usable_password()
    assert RoleAssignment.objects.filter(user=omar, role=Role.STAFF_AGENT, collectivity=settat).exists()
    assert "omar@example.ma" in mail.outbox[-1].to and "sign-in code" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="accounts.role_grant", collectivity=settat).exists()
    assert "Omar" in client.get(url).content.decode()


def test_invitation_by_phone_goes_by_sms(client, settat, settat_admin, sms_outbox, django_capture_on_commit_callbacks):
    client.force_login(settat_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:roles", args=[settat.code]), {"contact": "0700112233", "role": Role.STAFF_AGENT})
    assert User.objects.filter(phone="+212700112233").exists()
    assert sms_outbox[-1].to == "+212700112233"


def test_inviting_an_existing_person_reuses_the_account(client, settat, settat_admin, amina):
    client.force_login(settat_admin)
    client.post(reverse("accounts:roles", args=[settat.code]), {"contact": amina.email, "role": Role.BUREAU_MEMBER})
    assert User.objects.filter(email=amina.email).count() == 1
    assert RoleAssignment.objects.filter(user=amina, role=Role.BUREAU_MEMBER).exists()


def test_admin_revokes_a_role(client, settat, settat_admin, rachid):
    client.force_login(settat_admin)
    assignment = RoleAssignment.objects.get(user=rachid, role=Role.STAFF_AGENT)
    response = client.post(reverse("accounts:role_revoke", args=[settat.code, assignment.pk]))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert AuditEntry.objects.filter(action="accounts.role_revoke").exists()


def test_rachid_sees_the_roles_but_cannot_invite(client, settat, rachid):
    client.force_login(rachid)
    url = reverse("accounts:roles", args=[settat.code])
    assert client.get(url).status_code == 200
    response = client.post(url, {"contact": "x@example.ma", "role": Role.STAFF_AGENT})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.ma").exists()


def test_collectivity_admin_cannot_name_a_platform_admin(settat, settat_admin):
    from tadafur.accounts.services import staff_invite
    from tadafur.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        staff_invite(contact="x@example.ma", role=Role.PLATFORM_ADMIN, collectivity=settat, actor=settat_admin)


def test_platform_admin_manages_roles_anywhere(client, oulad_said, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        reverse("accounts:roles", args=[oulad_said.code]), {"contact": "y@example.ma", "role": Role.STAFF_AGENT}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user__email="y@example.ma", collectivity=oulad_said).exists()


def test_audit_log_page_for_admins_newest_first(client, settat, settat_admin, rachid, amina):
    client.force_login(settat_admin)
    client.post(reverse("accounts:roles", args=[settat.code]), {"contact": "z@example.ma", "role": Role.STAFF_AGENT})
    html = client.get(reverse("accounts:audit", args=[settat.code])).content.decode()
    assert "accounts.role_grant" in html
    # Newest first: the grant to the invitee comes before the grant that made Leila admin.
    assert html.index("accounts.user_invite") < html.rindex("accounts.role_grant")
    client.force_login(rachid)
    assert client.get(reverse("accounts:audit", args=[settat.code])).status_code == 403


def test_the_database_refuses_a_second_active_copy_of_the_same_role(settat) -> None:  # type: ignore[no-untyped-def]
    """The invariant holds on SQLite as on PostgreSQL (no NULL in the unique columns)."""
    from django.db import IntegrityError, transaction

    from tadafur.accounts.models import RoleAssignment, User
    from tadafur.accounts.roles import Role

    user = User.objects.create_user(username="dup", email="dup@example.ma", password="x" * 12)
    RoleAssignment.objects.create(user=user, role=Role.STAFF_AGENT, collectivity=settat)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.STAFF_AGENT, collectivity=settat)
    RoleAssignment.objects.create(user=user, role=Role.PLATFORM_ADMIN)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.PLATFORM_ADMIN)
