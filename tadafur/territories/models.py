from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    REGION = "region", pgettext_lazy("territory level", "Region")
    PROVINCE = "province", pgettext_lazy("territory level", "Prefecture or province")
    COMMUNE = "commune", pgettext_lazy("territory level", "Commune")
    ARRONDISSEMENT = "arrondissement", pgettext_lazy("territory level", "Arrondissement")


class Kind(models.TextChoices):
    REGION = "region", pgettext_lazy("territory kind", "Region")
    PROVINCE = "province", pgettext_lazy("territory kind", "Province")
    PREFECTURE = "prefecture", pgettext_lazy("territory kind", "Prefecture")
    URBAN = "urban", pgettext_lazy("territory kind", "Urban commune")
    RURAL = "rural", pgettext_lazy("territory kind", "Rural commune")
    WITH_ARRONDISSEMENTS = "with_arrondissements", pgettext_lazy("territory kind", "Commune with arrondissements")
    ARRONDISSEMENT = "arrondissement", pgettext_lazy("territory kind", "Arrondissement")


class Territory(models.Model):
    """A region, prefecture/province, commune or arrondissement, from HCP's RGPH 2024.

    Regions, prefectures/provinces and communes are territorial collectivities (الجماعات
    الترابية / collectivités territoriales) with a council; arrondissements are not legal
    persons and carry `is_collectivity=False`.
    """

    code = models.CharField(_("HCP code"), max_length=16, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=120)
    name_fr = models.CharField(_("name in French"), max_length=120)
    name_zgh = models.CharField(_("name in Tifinagh"), max_length=120, blank=True)
    search_key = models.CharField(max_length=400, db_index=True, editable=False)
    is_collectivity = models.BooleanField(_("territorial collectivity"), default=True)
    population_2014 = models.PositiveIntegerField(_("population 2014"), null=True, blank=True)
    population_2024 = models.PositiveIntegerField(_("population 2024"), null=True, blank=True)
    households_2024 = models.PositiveIntegerField(_("households 2024"), null=True, blank=True)
    census = models.JSONField(_("census indicators by sex"), default=dict, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:detail", args=[self.code])

    @property
    def name(self) -> str:
        """The name in the active language: Arabic for ar, Tifinagh when known for zgh, else French."""
        language = get_language() or "ar"
        if language == "ar":
            return self.name_ar or self.name_fr
        if language == "zgh" and self.name_zgh:
            return self.name_zgh
        return self.name_fr or self.name_ar

    @property
    def has_arrondissements(self) -> bool:
        return self.kind == Kind.WITH_ARRONDISSEMENTS
