"""Seed the lunar Islamic public holidays for 2024-2030.

Morocco fixes each date by moon sighting, announced by the Ministry of Habous and Islamic Affairs
a day or so ahead. 2024 and 2025 are the observed dates; later years are the tabular Hijri
estimates (which matched Morocco's observed days in 2024-2025) and are left unconfirmed: staff
correct and confirm them in the admin when the announcement comes.
"""

from __future__ import annotations

import datetime as dt

from django.db import migrations

# kind -> dates (Eid al-Fitr and Eid al-Adha: two days; Mawlid: two days; 1 Muharram: one day)
HOLIDAYS: dict[str, list[str]] = {
    "eid_al_fitr": [
        "2024-04-10", "2024-04-11", "2025-03-31", "2025-04-01", "2026-03-20", "2026-03-21",
        "2027-03-10", "2027-03-11", "2028-02-27", "2028-02-28", "2029-02-15", "2029-02-16",
        "2030-02-05", "2030-02-06",
    ],
    "eid_al_adha": [
        "2024-06-17", "2024-06-18", "2025-06-07", "2025-06-08", "2026-05-27", "2026-05-28",
        "2027-05-17", "2027-05-18", "2028-05-05", "2028-05-06", "2029-04-24", "2029-04-25",
        "2030-04-14", "2030-04-15",
    ],
    "hijri_new_year": ["2024-07-08", "2025-06-27", "2026-06-17", "2027-06-06", "2028-05-25", "2029-05-15", "2030-05-04"],
    "mawlid": [
        "2024-09-16", "2024-09-17", "2025-09-05", "2025-09-06", "2026-08-26", "2026-08-27",
        "2027-08-15", "2027-08-16", "2028-08-03", "2028-08-04", "2029-07-24", "2029-07-25",
        "2030-07-13", "2030-07-14",
    ],
}
CONFIRMED_UNTIL = 2025


def seed(apps, schema_editor):  # noqa: ANN001, ANN201
    PublicHoliday = apps.get_model("inforequests", "PublicHoliday")
    for kind, dates in HOLIDAYS.items():
        for text in dates:
            day = dt.date.fromisoformat(text)
            PublicHoliday.objects.get_or_create(
                date=day, defaults={"kind": kind, "confirmed": day.year <= CONFIRMED_UNTIL}
            )


def unseed(apps, schema_editor):  # noqa: ANN001, ANN201
    PublicHoliday = apps.get_model("inforequests", "PublicHoliday")
    PublicHoliday.objects.filter(date__in=[d for dates in HOLIDAYS.values() for d in dates]).delete()


class Migration(migrations.Migration):
    dependencies = [("inforequests", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
