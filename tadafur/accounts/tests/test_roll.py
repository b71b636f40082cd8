import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tadafur.accounts import services
from tadafur.accounts.models import IdentityLevel, RollEntry, RollImport, VerificationMethod
from tadafur.core.errors import NotAllowed
from tadafur.core.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = "cnie,birth_date,name\nAB123456,1992-03-14,Amina\nj 45678,02/11/2004,Youssef\n"
BAD = (
    "cnie;birth_date;address\n"
    "AB123456;1992-03-14;rue 1\n"
    "123;1992-03-14;rue 2\n"
    "CDE99;31/02/1990;rue 3\n"
    "ab-123-456;1992-03-14;rue 4\n"
    "EF1;;rue 5\n"
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_rachid_imports_the_roll_and_only_hashes_are_kept(settat, rachid):
    roll = services.roll_import(collectivity=settat, data=GOOD.encode(), actor=rachid, source_name="roll.csv")
    assert roll.line_count == 2
    # What is kept per line is exactly the keyed hash of CNIE + birth date (64 hex digits), never the
    # line itself; comparing to the expected hashes stays true whatever digits a hash happens to hold.
    stored = set(RollEntry.objects.values_list("line_hash", flat=True))
    assert stored == {
        services.roll_line_hash("AB123456", dt.date(1992, 3, 14)),
        services.roll_line_hash("J45678", dt.date(2004, 11, 2)),
    }
    assert all(len(h) == 64 and set(h) <= set("0123456789abcdef") for h in stored)
    kept = {f.attname for f in RollEntry._meta.concrete_fields}
    assert kept == {"id", "roll_import_id", "collectivity_id", "line_hash"}
    entry = AuditEntry.objects.get(action="accounts.roll_import")
    assert entry.collectivity == settat
    assert "AB123456" not in str(entry.changes) and "Amina" not in str(entry.changes)


def test_bad_lines_are_all_reported_and_nothing_is_imported(settat, rachid):
    with pytest.raises(services.RollRejected) as exc:
        services.roll_import(collectivity=settat, data=BAD.encode(), actor=rachid)
    reasons = {line.line: line.reason for line in exc.value.rejected}
    assert reasons == {
        3: "bad CNIE number",
        4: "bad CNIE number, bad birth date",
        5: "duplicate of line 2",
        6: "bad birth date",
    }
    assert not RollImport.objects.exists() and not RollEntry.objects.exists()


def test_a_new_roll_replaces_the_previous_one(settat, rachid, amina):
    services.roll_import(collectivity=settat, data=GOOD.encode(), actor=rachid)
    services.roll_import(collectivity=settat, data=b"cnie,birth_date\nZZ1,2000-01-01\n", actor=rachid)
    assert RollEntry.objects.filter(collectivity=settat).count() == 1
    assert RollImport.objects.filter(collectivity=settat, replaced_at__isnull=True).count() == 1
    amina.identity_level = IdentityLevel.ACCOUNT
    amina.save()
    assert not services.resident_self_verify(
        user=amina, collectivity=settat, cnie="AB123456", birth_date=dt.date(1992, 3, 14)
    )


def test_amina_cannot_import_a_roll(settat, amina):
    with pytest.raises(NotAllowed):
        services.roll_import(collectivity=settat, data=GOOD.encode(), actor=amina)


def test_rachid_cannot_import_the_roll_of_another_commune(oulad_said, rachid):
    with pytest.raises(NotAllowed):
        services.roll_import(collectivity=oulad_said, data=GOOD.encode(), actor=rachid)


def test_upload_page_lists_rejected_lines(client, settat, rachid):
    client.force_login(rachid)
    url = reverse("accounts:roll", args=[settat.code])
    response = client.post(url, {"file": SimpleUploadedFile("roll.csv", BAD.encode(), "text/csv")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "duplicate of line 2" in html and "bad birth date" in html
    response = client.post(url, {"file": SimpleUploadedFile("roll.csv", GOOD.encode(), "text/csv")}, follow=True)
    assert "2 lines" in response.content.decode()


def test_import_roll_command_reports_progress_and_a_summary(settat, tmp_path):
    path = tmp_path / "roll.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_roll", settat.code, str(path), stdout=out)
    assert "Imported 2 lines" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError, match="4 bad line"):
        call_command("import_roll", settat.code, str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    assert RollEntry.objects.count() == 2


def test_nadia_self_verifies_against_the_roll(client, settat, rachid):
    from tadafur.accounts.tests.factories import UserFactory

    services.roll_import(collectivity=settat, data=GOOD.encode(), actor=rachid)
    nadia = UserFactory()
    client.force_login(nadia)
    response = client.post(
        reverse("accounts:verify"), {"collectivity": settat.code, "cnie": "ab 123456", "birth_date": "1992-03-14"}
    )
    assert response.status_code == 302
    nadia.refresh_from_db()
    assert nadia.identity_level == IdentityLevel.RESIDENT_VERIFIED
    assert nadia.resident_of == settat and nadia.resident_method == VerificationMethod.ROLL
    entry = AuditEntry.objects.get(action="accounts.resident_verify")
    assert "AB123456" not in str(entry.changes) and "1992" not in str(entry.changes)


def test_a_wrong_birth_date_does_not_verify_and_says_why(client, settat, rachid):
    from tadafur.accounts.tests.factories import UserFactory

    services.roll_import(collectivity=settat, data=GOOD.encode(), actor=rachid)
    nadia = UserFactory()
    client.force_login(nadia)
    response = client.post(
        reverse("accounts:verify"), {"collectivity": settat.code, "cnie": "AB123456", "birth_date": "1992-03-15"}
    )
    assert "No line of the roll matches" in response.content.decode()
    nadia.refresh_from_db()
    assert nadia.identity_level == IdentityLevel.ACCOUNT


def test_attempts_are_limited_to_five_per_hour(settat, rachid):
    from tadafur.accounts.tests.factories import UserFactory

    services.roll_import(collectivity=settat, data=GOOD.encode(), actor=rachid)
    nadia = UserFactory()
    for _ in range(5):
        assert not services.resident_self_verify(
            user=nadia, collectivity=settat, cnie="AB123456", birth_date=dt.date(2000, 1, 1)
        )
    with pytest.raises(services.RateLimited, match="5 times per hour"):
        services.resident_self_verify(user=nadia, collectivity=settat, cnie="AB123456", birth_date=dt.date(1992, 3, 14))
