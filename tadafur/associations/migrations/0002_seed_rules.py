"""Seed the legal figures of the associations app (law as data, editable in the admin)."""

import datetime as dt

from django.db import migrations

RULES = [
    {
        "key": "min_years_constituted",
        "value": 3,
        # The three organic laws on territorial collectivities were published together in the
        # Bulletin officiel n° 6380 of 23 July 2015.
        "valid_from": dt.date(2015, 7, 23),
        "citation": (
            "Organic laws 113.14 (communes), 112.14 (prefectures and provinces) and 111.14 (regions), "
            "chapters on petitions: association legally constituted for more than three years"
        ),
        "source_note": (
            "[verify] Paraphrase, not the official wording: « constituée conformément à la législation "
            "en vigueur depuis plus de trois ans » "
            "(مؤسسة طبقا للتشريع الجاري به العمل منذ أكثر من ثلاث سنوات). "
            "Check the article numbers and the entry-into-force date in the Bulletin officiel 6380 "
            "(23 July 2015)."
        ),
    },
]


def seed(apps, schema_editor):
    AssociationRule = apps.get_model("associations", "AssociationRule")
    for rule in RULES:
        AssociationRule.objects.get_or_create(
            key=rule["key"],
            valid_from=rule["valid_from"],
            defaults={k: v for k, v in rule.items() if k not in ("key", "valid_from")},
        )


def unseed(apps, schema_editor):
    AssociationRule = apps.get_model("associations", "AssociationRule")
    for rule in RULES:
        AssociationRule.objects.filter(key=rule["key"], valid_from=rule["valid_from"]).delete()


class Migration(migrations.Migration):
    dependencies = [("associations", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
