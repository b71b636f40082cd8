"""What one online signature costs the database, and the page's counts on big petitions
(docs/benchmarks-signing.md, docs/decisions/0103-petition-counting.md)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tadafur.core.errors import NotAllowed
from tadafur.petitions import selectors, services
from tadafur.petitions.models import Signature
from tadafur.petitions.services import AlreadySigned
from tadafur.petitions.tests.helpers import collecting, resident, seed

pytestmark = pytest.mark.django_db

# The signing request's SQL, transaction control (BEGIN, SAVEPOINT, RELEASE, COMMIT) aside:
# the session, the user, then in the transaction the narrow SELECT ... FOR UPDATE (which is
# also the 404 check), INSERT signature, INSERT log leaf, UPDATE petition. It was 11 statements,
# 8 of them SELECTs reading ~220 columns, then 7 (docs/benchmarks-signing.md, decision 0113).
SIGN_QUERY_BUDGET = 6


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _post(user, petition, cnie="AB123456"):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            f"/api/v1/petitions/{petition.pk}/signatures",
            {"cnie": cnie, "consent": True},
            content_type="application/json",
        )
    control = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")
    return response, [q for q in ctx.captured_queries if not q["sql"].lstrip().upper().startswith(control)]


def test_signing_through_the_api_stays_within_its_query_budget(amina, settat):
    petition = collecting(resident(settat), settat)
    response, queries = _post(amina, petition)
    assert response.status_code == 201
    assert len(queries) <= SIGN_QUERY_BUDGET, "\n".join(q["sql"][:200] for q in queries)
    sql = " ".join(q["sql"] for q in queries)
    assert "census" not in sql  # the territories' census JSON is never read when signing


def test_on_sqlite_the_signature_needs_no_savepoint_of_its_own(amina, settat):
    petition = collecting(resident(settat), settat)
    client = Client(headers={"accept-language": "en"})
    client.force_login(amina)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            f"/api/v1/petitions/{petition.pk}/signatures",
            {"cnie": "AB1", "consent": True},
            content_type="application/json",
        )
    assert response.status_code == 201
    savepoints = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SAVEPOINT")]
    # The test runs inside a transaction, so the service's own block is one savepoint; the
    # INSERT adds another only on PostgreSQL, which aborts a transaction on a failed INSERT.
    assert len(savepoints) == (1 if connection.vendor == "sqlite" else 2)


def test_signing_a_missing_or_draft_petition_is_a_404_that_writes_nothing(amina, settat):
    from tadafur.petitions.tests.helpers import draft

    unpublished = draft(resident(settat), settat)
    for pk in (unpublished.pk, 999_999):
        response, queries = _post(amina, type("P", (), {"pk": pk})())
        assert response.status_code == 404
        assert response.json()["detail"] == "No petition has this number."
        assert not any(q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE")) for q in queries)
    assert Signature.objects.count() == 0


def test_a_resident_of_a_commune_signs_a_province_petition_with_one_more_narrow_query(amina, settat, settat_province):
    petition = collecting(resident(settat), settat_province)
    response, queries = _post(amina, petition)
    assert response.status_code == 201, response.content
    assert len(queries) <= SIGN_QUERY_BUDGET + 1
    assert "census" not in " ".join(q["sql"] for q in queries)


def test_a_receipt_code_collision_is_retried_not_reported_as_already_signed(monkeypatch, amina, fatima, settat):
    petition = collecting(resident(settat), settat)
    first = services.petition_sign(petition=petition, actor=amina, cnie="AB1", consent=True)
    codes = iter([first.verification_code, "FRESHCODE2"])
    monkeypatch.setattr(services, "new_verification_code", lambda: next(codes))
    second = services.petition_sign(petition=petition, actor=fatima, cnie="AB2", consent=True)
    assert second.verification_code == "FRESHCODE2"
    assert selectors.signature_count_exact(petition) == 2
    assert second.log_seq == 1


def test_duplicates_are_told_apart_by_the_constraint_that_refused_them(amina, fatima, settat):
    petition = collecting(resident(settat), settat)
    services.petition_sign(petition=petition, actor=amina, cnie="AB1", consent=True)
    with pytest.raises(NotAllowed, match="You have already signed"):
        services.petition_sign(petition=petition, actor=amina, cnie="AB9", consent=True)
    with pytest.raises(AlreadySigned, match="This CNIE number has already signed"):
        services.petition_sign(petition=petition, actor=fatima, cnie="ab 1", consent=True)
    assert Signature.objects.filter(petition=petition).count() == 1
    assert petition.__class__.objects.get(pk=petition.pk).log_size == 1


# --- The page's counts ----------------------------------------------------------------------


def _signature_queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return result, [q["sql"] for q in ctx.captured_queries if "petitions_signature" in q["sql"]]


def test_a_commune_petition_never_groups_its_signatures_by_province(settat):
    petition = collecting(resident(settat), settat)
    seed(petition, 6)
    check, queries = _signature_queries(lambda: selectors.distribution(petition))
    assert check.ok and check.minimum is None
    assert queries == []


def test_a_region_petition_still_checks_its_spread_on_exact_counts(settat):
    from tadafur.territories.models import Territory

    region = Territory.objects.get(code="06")
    petition = collecting(resident(settat), region)
    seed(petition, 3)
    check, queries = _signature_queries(lambda: selectors.distribution(petition))
    assert check.minimum is not None and not check.ok
    assert len(queries) == 1


def test_the_page_breakdown_follows_signing_withdrawal_and_invalidation_within_its_cache_time(
    amina, fatima, rachid, settat
):
    from freezegun import freeze_time

    from tadafur.petitions.models import InvalidationReason

    petition = collecting(resident(settat), settat)
    seed(petition, 30)  # enough in each cell not to be suppressed
    with freeze_time("2026-11-01 10:00:00") as frozen:
        before = selectors.aggregates(petition)
        women = before.by_sex["woman"]
        assert women is not None and before.by_channel["online"] is not None
        signature = services.petition_sign(petition=petition, actor=amina, cnie="AB1", consent=True)
        services.petition_sign(petition=petition, actor=fatima, cnie="AB2", consent=True)
        # Within the cache time the page shows the breakdown it computed, without a GROUP BY.
        cached, queries = _signature_queries(lambda: selectors.aggregates(petition))
        assert cached == before and queries == []
        frozen.tick(selectors.AGGREGATES_CACHE_SECONDS + 1)
        after_signing = selectors.aggregates(petition)
        assert after_signing.by_sex["woman"] == women + 2
        assert after_signing.by_channel["online"] == before.by_channel["online"] + 2

        services.signature_withdraw(signature=signature, actor=amina)
        frozen.tick(selectors.AGGREGATES_CACHE_SECONDS + 1)
        assert selectors.aggregates(petition).by_sex["woman"] == women + 1

        code = Signature.objects.filter(petition=petition, user=fatima).get().verification_code
        services.signatures_invalidate(
            petition=petition, codes=[code], reason=InvalidationReason.DUPLICATE, actor=rachid
        )
        frozen.tick(selectors.AGGREGATES_CACHE_SECONDS + 1)
        assert selectors.aggregates(petition) == before
        assert selectors.signature_count(petition) == selectors.signature_count_exact(petition) == 30


def test_readers_get_the_previous_breakdown_while_another_one_refreshes_it(settat):
    from freezegun import freeze_time

    petition = collecting(resident(settat), settat)
    seed(petition, 10)
    with freeze_time("2026-11-01 10:00:00") as frozen:
        before = selectors.aggregates(petition)
        seed(petition, 10)
        frozen.tick(selectors.AGGREGATES_CACHE_SECONDS + 1)
        key = f"petitions:aggregates:{petition.pk}"
        assert cache.add(f"{key}:refresh", 1, 30)  # another worker is recomputing it
        stale, queries = _signature_queries(lambda: selectors.aggregates(petition))
        assert stale == before and queries == []
        cache.delete(f"{key}:refresh")
        fresh = selectors.aggregates(petition)
        assert fresh != before and fresh.by_channel["online"] is not None
        assert cache.get(f"{key}:refresh") is None  # the refresher let go of its lock


def test_filing_counts_exactly_even_when_the_page_count_is_cached(settat):
    from tadafur.petitions.tests.helpers import collecting as open_petition

    agent = resident(settat)
    petition = open_petition(agent, settat)
    required = selectors.required_signatures(petition)
    seed(petition, required - 1)
    assert selectors.signature_count(petition) == required - 1  # now cached for the page
    seed(petition, 1)
    filed = services.petition_file(petition=petition, actor=agent)
    assert filed.filed_signature_count == required
