"""The .pb reader and writer: round trip, pabulib quirks, clear errors with line numbers."""

from fractions import Fraction

import pytest

from tadafur.budgets.pb import PbFormatError, parse_pb, write_pb
from tadafur.budgets.rules.synthetic import synthetic_election

SAMPLE = (
    "\ufeffMETA\nkey;value\ndescription;Settat test\nbudget;1000,5\nvote_type;approval\n\n"
    "PROJECTS\nproject_id;cost;name;category;gender_marker\n"
    '1;500,5;"Well; with pump";water,health;2\n2;None;Road;None;0\n'
    "VOTES\nvoter_id;vote;age;sex;voting_method\n1;1,2;34;F;internet\n2;;None;M;paper\n"
)


def test_pabulib_quirks_are_read_like_pabutools_reads_them():
    text = SAMPLE.replace("2;None;Road", "2;300;Road")
    instance, profile = parse_pb(text)
    assert instance.budget == Fraction(20010, 20)
    well = instance.projects["1"]
    assert well.cost == Fraction(1001, 2)
    assert well.name == "Well; with pump"
    assert well.category == ("water", "health")
    assert well.gender_marker == 2
    assert instance.projects["2"].category == ()
    assert [b.vote for b in profile.ballots] == [("1", "2"), ()]
    assert profile.ballots[0].sex == "F" and profile.ballots[0].age == 34
    assert profile.ballots[1].age is None


def test_round_trip_keeps_everything_including_gender_marker_and_voter_attributes():
    instance, profile = synthetic_election(7, voters=40, projects=9, markers=True, empty_share=0.2)
    text = write_pb(instance, profile)
    again_instance, again_profile = parse_pb(text)
    assert again_instance == instance
    assert again_profile == profile
    assert write_pb(again_instance, again_profile) == text


def test_cumulative_round_trip_keeps_points():
    instance, profile = synthetic_election(3, voters=20, projects=5, vote_type="cumulative")
    again = parse_pb(write_pb(instance, profile))
    assert again == (instance, profile)
    assert all(b.points is not None and len(b.points) == len(b.vote) for b in again[1].ballots if b.vote)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SAMPLE.replace("VOTES", "NOPE"), "line"),
        (SAMPLE.replace("PROJECTS\n", "").replace("project_id;cost", "x;y"), "missing section PROJECTS"),
        (SAMPLE.replace("project_id;cost;name", "project_id;price;name"), "obligatory column 'cost'"),
        (
            SAMPLE.replace("2;None;Road", "2;300;Road").replace("1;1,2;34", "1;1,7;34"),
            "line 13: vote for unknown project '7'",
        ),
        (SAMPLE.replace("500,5", "lots"), "line 9: cost 'lots' is not a number"),
        (SAMPLE.replace("2;None;Road", "2;300;Road"), None),
    ],
)
def test_bad_files_are_refused_with_the_line(text, message):
    if message is None:
        parse_pb(text)
        return
    with pytest.raises(PbFormatError, match=message):
        parse_pb(text)


def test_a_project_without_cost_is_refused():
    with pytest.raises(PbFormatError, match="line 10: project '2' has no cost"):
        parse_pb(SAMPLE)


def test_scoring_and_ordinal_files_are_read_and_the_rules_refuse_them():
    from tadafur.budgets.rules import RuleNotApplicable, outcome

    text = SAMPLE.replace("2;None;Road", "2;300;Road").replace("vote_type;approval", "vote_type;ordinal")
    instance, profile = parse_pb(text)
    with pytest.raises(RuleNotApplicable, match="not ordinal"):
        outcome(instance, profile, "greedy")
