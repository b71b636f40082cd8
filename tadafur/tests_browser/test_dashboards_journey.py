"""The dashboards in a real browser, in Arabic and without logging in: Amina compares Settat's
46 communes on the map, opens Settat commune's profile from it, and reads who signs petitions
there against the census."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_amina_compares_the_communes_on_the_map_and_opens_settat_profile(page: Any, settat: Any) -> None:
    # `page` comes first: it restores the territories that `settat` needs.
    from django.utils import timezone

    from tadafur.core import clock
    from tadafur.dashboards.tests import builders as b

    today = clock.today()
    year_start = dt.date(today.year, 1, 1)
    petitions = [
        b.petition(settat, filed=year_start + dt.timedelta(days=i), accepted=year_start + dt.timedelta(days=i + 9))
        for i in range(6)
    ]
    for i in range(25):
        b.signature(
            petitions[i % 6], sex="woman" if i < 5 else "man", band="25-34", on=year_start + dt.timedelta(days=1)
        )
    assert timezone.is_aware(petitions[0].filed_at)

    page.goto(f"{page.base}/ar/dashboards/06.461/compare/?period={today.year}")
    page.select_option("#indicator", "petitions.filed")
    page.locator("form:has(#indicator) button[type=submit]").click()
    page.wait_for_url("**indicator=petitions.filed**")
    # One link per commune on the map, each titled with its figure; the legend explains grey.
    assert page.locator("svg.map a").count() == 46
    settat_area = page.locator('svg.map a[href="/ar/dashboards/06.461.01.15/"]')
    assert settat_area.locator("title").first.text_content().endswith(": 6")
    settat_area.locator("path").first.click(force=True)
    page.wait_for_url("**/ar/dashboards/06.461.01.15/")
    text = page.locator("main").inner_text()
    # The profile among the province's communes, and the signers' reading (5 women of 25).
    assert "سطات" in text
    page.goto(f"{page.base}/en/dashboards/06.461.01.15/?period={today.year}")
    text = page.locator("main").inner_text()
    assert "Among the communes of Settat" in text
    assert "Women are under-represented: 20% of participants vs" in text
