"""The representativeness index on hand-checked distributions."""

from collections import Counter

import pytest

from tadafur.dashboards import representativeness as rep

# Two census bands only, women half of the population, both sexes evenly over the two bands.
CENSUS = {
    "women_share": 50.0,
    "age": {
        "15_19": {"all": 0, "female": 0, "male": 0},
        "20_24": {"all": 50, "female": 50, "male": 50},
        "25_29": {"all": 50, "female": 50, "male": 50},
    },
}


BANDS = ("20-24", "25-29")


def test_bands_are_read_in_every_spelling():
    assert rep.parse_band("18-24") == (18, 25)
    assert rep.parse_band("35_49") == (35, 50)
    assert rep.parse_band("65+") == (65, None)
    assert rep.parse_band("75_plus") == (75, None)
    assert rep.parse_band("") is None
    assert rep.parse_band("undisclosed") is None
    assert rep.band_label("35_49") == "35–49"


def test_census_cells_split_a_straddling_census_band_pro_rata():
    census = {
        "women_share": 60,
        "age": {"15_19": {"female": 10, "male": 10}, "20_24": {"female": 10, "male": 10}},
    }
    cells = rep.census_cells(census, ["18-24"])
    # Only one band: the cells are the sex shares (60 / 40), whatever the ages.
    assert cells == {("female", "18-24"): pytest.approx(0.6), ("male", "18-24"): pytest.approx(0.4)}
    cells = rep.census_cells(census, ["15-17", "18-24"])
    # 15-17 takes 3/5 of the 15_19 band (6 points), 18-24 takes 2/5 of it plus 20_24 (14 points).
    women = cells[("female", "15-17")] + cells[("female", "18-24")]
    assert women == pytest.approx(0.6)
    assert cells[("female", "15-17")] / cells[("female", "18-24")] == pytest.approx(6 / 14)


def test_index_is_one_minus_total_variation_distance():
    counts = Counter({("female", "20-24"): 30, ("female", "25-29"): 10, ("male", "20-24"): 5, ("male", "25-29"): 5})
    r = rep.measure("test.channel", "Test", counts, CENSUS, BANDS)
    # P = .6 .2 .1 .1 against Q = .25 each: TVD = (.35 + .05 + .15 + .15) / 2 = .35.
    assert r.index == pytest.approx(0.65)
    assert r.told_both == 50
    women = next(row for row in r.sex_rows if row.key == "female")
    assert women.share == pytest.approx(0.8) and women.population_share == pytest.approx(0.5)
    assert "Women are over-represented: 80% of participants vs 50% of the population." in r.reading
    assert "People aged 25–29 are under-represented: 30% of participants vs 50% of the population." in r.reading
    assert "People aged 20–24 are over-represented: 70% of participants vs 50% of the population." in r.reading


def test_a_mirror_of_the_population_scores_100():
    counts = Counter({("female", "20-24"): 10, ("female", "25-29"): 10, ("male", "20-24"): 10, ("male", "25-29"): 10})
    r = rep.measure("test.channel", "Test", counts, CENSUS, BANDS)
    assert r.index == pytest.approx(1.0)
    assert any("in line with the population" in sentence for sentence in r.reading)


def test_unknown_sex_or_age_is_left_out_of_the_index_not_counted_as_a_group():
    counts = Counter({("female", "20-24"): 20, ("male", "20-24"): 20, ("", ""): 100, ("female", ""): 7})
    r = rep.measure("test.channel", "Test", counts, CENSUS, BANDS)
    assert r.participants == 147 and r.told_sex == 47 and r.told_age == 40 and r.told_both == 40
    # Everybody told is 20-24 while half the population is 25-29: TVD = .5.
    assert r.index == pytest.approx(0.5)


def test_too_few_participants_gives_no_index_and_says_why():
    counts = Counter({("female", "20-24"): 12, ("male", "20-24"): 7})
    r = rep.measure("test.channel", "Test", counts, CENSUS, BANDS)
    assert r.index is None and r.suppressed
    assert all(row.share is None for row in r.sex_rows + r.age_rows)
    assert "Too few participants" in r.reading[0]


def test_an_age_group_nobody_came_from_still_weighs_in_the_population():
    counts = Counter({("female", "20-24"): 20, ("male", "20-24"): 20})
    r = rep.measure("test.channel", "Test", counts, CENSUS, BANDS)
    assert r.index == pytest.approx(0.5)
    assert "People aged 25–29 are under-represented: 0% of participants vs 50% of the population." in r.reading


def test_nobody_took_part():
    r = rep.measure("test.channel", "Test", Counter(), CENSUS, BANDS)
    assert r.index is None and r.reading == ["Nobody took part through this channel in the period."]


@pytest.mark.django_db
def test_reading_against_settat_census(settat):
    """31 women and 69 men of working age against Settat's population (51.2% women)."""
    counts = Counter({("female", "25-34"): 31, ("male", "25-34"): 69})
    r = rep.measure("petitions.signers", "Petition signers", counts, settat.census, ("18-24", "25-34", "35-49"))
    women = next(row for row in r.sex_rows if row.key == "female")
    assert women.population_share == pytest.approx(0.51, abs=0.02)
    assert r.reading[0].startswith("Women are under-represented: 31% of participants vs 5")
