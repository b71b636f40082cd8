"""Gender floor: a share of the envelope reserved for projects with gender marker >= 1."""

import json
from fractions import Fraction
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tadafur.budgets.pb import parse_pb, write_pb
from tadafur.budgets.rules import RULES, outcome
from tadafur.budgets.rules.synthetic import synthetic_election

# Amina's women's centre (marked 2) is less popular than the two car parks.
SETTAT = """META
key;value
budget;1000
vote_type;approval
PROJECTS
project_id;cost;name;gender_marker
p1;500;Car park north;0
p2;500;Car park south;0
w1;400;Women's centre;2
VOTES
voter_id;vote
1;p1,p2
2;p1,p2
3;p1,w1
4;p2
5;w1
"""


@pytest.mark.parametrize("rule", ["greedy", "mes-add1-greedy", "phragmen"])
def test_floor_funds_the_marked_project_the_plain_rule_leaves_out(rule):
    instance, profile = parse_pb(SETTAT)
    plain = outcome(instance, profile, rule)
    assert "w1" not in plain.selected
    floored = outcome(instance, profile, rule, gender_floor="0.4")
    assert "w1" in floored.selected
    assert floored.floor_met is True
    assert floored.marked_cost == 400
    assert floored.cost <= instance.budget


def test_floor_unreachable_is_reported_not_forced():
    instance, profile = parse_pb(SETTAT)
    floored = outcome(instance, profile, "greedy", gender_floor=Fraction(1, 2))
    # Only 400 of marked projects exist: they are all funded, the floor (500) is not met.
    assert floored.marked_cost == 400
    assert floored.floor_met is False
    assert floored.selected[0] == "w1"


@pytest.mark.parametrize("rule", RULES)
def test_floor_zero_is_the_plain_rule(rule):
    instance, profile = synthetic_election(11, voters=50, projects=10, markers=True, cost_mu=5.0)
    assert outcome(instance, profile, rule, gender_floor=0).selected == outcome(instance, profile, rule).selected


def test_floor_outside_zero_to_one_is_refused():
    instance, profile = parse_pb(SETTAT)
    with pytest.raises(ValueError, match="between 0 and 1"):
        outcome(instance, profile, "greedy", gender_floor="1.5")


def test_cli_prints_json_with_selection_cost_and_seconds(tmp_path):
    path = tmp_path / "settat.pb"
    path.write_text(SETTAT, encoding="utf-8")
    out = StringIO()
    call_command("pb_outcome", str(path), "--rule", "greedy", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["selected"] == ["p1", "p2"]
    assert payload["cost"] == 1000
    assert 0 <= payload["seconds"] < 5
    out = StringIO()
    call_command("pb_outcome", str(path), "--rule", "mes", stdout=out)
    assert "Car park north" in out.getvalue()


def test_cli_refuses_a_broken_file_and_phragmen_on_points(tmp_path):
    broken = tmp_path / "broken.pb"
    broken.write_text(SETTAT.replace("p1;500", "p1;cheap"), encoding="utf-8")
    with pytest.raises(CommandError, match="line 7: cost 'cheap' is not a number"):
        call_command("pb_outcome", str(broken), "--json")
    instance, profile = synthetic_election(2, voters=10, projects=4, vote_type="cumulative")
    points = tmp_path / "points.pb"
    points.write_text(write_pb(instance, profile), encoding="utf-8")
    with pytest.raises(CommandError, match="approval ballots only"):
        call_command("pb_outcome", str(points), "--rule", "phragmen")
