"""The bulk reader of large VOTES sections gives the very election (and errors) of the plain reader."""

from __future__ import annotations

import random
import tracemalloc

import numpy as np
import pytest

from tadafur.budgets import pb
from tadafur.budgets.rules import compile_election, outcome

HEAD = """META
key;value
description;Bulk reading test
budget;{budget}
vote_type;approval
PROJECTS
project_id;cost;name
{projects}
VOTES
voter_id;vote;sex;neighborhood
"""


def big_file(ids=None, voters=1500, seed=3, rows=None):
    rng = random.Random(seed)
    ids = ids or [str(i) for i in range(1, 31)]
    projects = "\n".join(f"{pid};{rng.randint(1, 40) * 1000};Projet {pid}" for pid in ids)
    lines = []
    for v in range(1, voters + 1):
        vote = ",".join(rng.sample(ids, rng.randint(0, 6)))
        sex = rng.choice(["F", "M", "None", ""])
        lines.append(f"{v};{vote};{sex};{rng.choice(['Hay Salam', 'Centre', 'None'])}")
    for index, row in (rows or {}).items():
        lines[index] = row
    return HEAD.format(budget=200_000, projects=projects) + "\n".join(lines) + "\n"


def slow(text, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(pb, "FAST_MIN_ROWS", 10**9)
        return pb.parse_pb(text)


def same(text, monkeypatch, *, bulk=True):
    instance, profile = pb.parse_pb(text)
    assert isinstance(profile, pb.LazyProfile) is bulk
    election = compile_election(instance, profile)  # from the arrays, before the ballots exist
    plain_instance, plain_profile = slow(text, monkeypatch)
    plain_election = compile_election(plain_instance, plain_profile)
    assert instance == plain_instance
    assert len(profile) == len(plain_profile) and profile.vote_type == plain_profile.vote_type
    assert profile.ballots == plain_profile.ballots
    assert election.n_ballots == plain_election.n_ballots
    for name in ("weights", "rows", "cols"):
        assert np.array_equal(getattr(election, name), getattr(plain_election, name)), name
    return instance, profile


def test_a_plain_file_is_read_in_bulk_into_the_same_election(monkeypatch):
    instance, profile = same(big_file(), monkeypatch)
    assert profile.ballots[0].attributes.get("neighborhood") in ("Hay Salam", "Centre", None)
    assert (
        outcome(instance, profile, "mes-add1-greedy").selected
        == outcome(*slow(big_file(), monkeypatch), "mes-add1-greedy").selected
    )


def test_project_ids_that_are_not_numbers_and_blank_lines(monkeypatch):
    ids = ["a1", "b", "c-3", "10", "9", "0"]
    text = big_file(ids=ids).replace("\n7;", "\n\n7;")
    same(text, monkeypatch)


def test_nine_digit_project_ids_are_read_in_bulk_without_a_table_that_size(monkeypatch):
    # A lookup table indexed by ids up to 999,999,999 would take 8 GB; the reader searches instead.
    text = big_file(ids=["123456789", "5", "42", "999999999", "7", "100000000"])
    tracemalloc.start()
    try:
        instance, profile = pb.parse_pb(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(profile, pb.LazyProfile) and peak < 20 * 2**20, peak
    same(text, monkeypatch)


def test_large_and_small_ids_are_looked_up_alike(monkeypatch):
    # The same file read with the dense table and with the binary search gives the same codes.
    text = big_file(ids=["1000001", "5", "42", "999999", "7", "0"])
    searched = pb.parse_pb(text)[1]
    monkeypatch.setattr(pb, "_DENSE_TABLE_MAX", 10**7)
    dense = pb.parse_pb(text)[1]
    assert np.array_equal(searched._approvals[2], dense._approvals[2]) and len(searched._approvals[2]) > 1000
    same(text, monkeypatch)


@pytest.mark.parametrize(
    "row",
    [
        '5;"1,2";F;Centre',  # quoted cell
        "5;1, 2;F;Centre",  # spaces in the vote list
        "5;1,,2;F;Centre",  # an empty item
        "5;None;F;Centre",  # a missing vote
        "5;1,2;F",  # a shorter row
        "   ",  # a line of spaces
    ],
)
def test_unusual_rows_are_read_the_plain_way(monkeypatch, row):
    same(big_file(rows={4: row}), monkeypatch, bulk=False)


@pytest.mark.parametrize(
    "row, message",
    [
        ("5;1,99;F;Centre", "line 44: vote for unknown project '99'"),
        ("5;1,07;F;Centre", "line 44: vote for unknown project '07'"),
        # Numbers too long for any project id (and for int64), and a long one that fits.
        ("5;1,12345678901234567890;F;Centre", "line 44: vote for unknown project '12345678901234567890'"),
        ("5;1234567890,1;F;Centre", "line 44: vote for unknown project '1234567890'"),
        ("5;1,123456789;F;Centre", "line 44: vote for unknown project '123456789'"),
        ("5;1;F;Centre;extra", "line 44: 5 cells but the header has 4"),
    ],
)
def test_errors_name_the_same_line_as_the_plain_reader(monkeypatch, row, message):
    text = big_file(rows={4: row})
    with pytest.raises(pb.PbFormatError) as plain:
        slow(text, monkeypatch)
    with pytest.raises(pb.PbFormatError) as bulk:
        pb.parse_pb(text)
    assert str(bulk.value) == str(plain.value) == message


def test_changed_ballots_are_used_instead_of_the_arrays(monkeypatch):
    instance, profile = pb.parse_pb(big_file())
    profile.ballots[0].vote = ("1", "2", "3")
    election = compile_election(instance, profile)
    plain_instance, plain_profile = slow(big_file(), monkeypatch)
    plain_profile.ballots[0].vote = ("1", "2", "3")
    assert np.array_equal(election.weights, compile_election(plain_instance, plain_profile).weights)


def test_the_cli_reads_a_large_file_in_bulk_and_reports_cpu_seconds(tmp_path, monkeypatch):
    import json
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "big.pb"
    path.write_text(big_file(), encoding="utf-8")
    out = StringIO()
    call_command("pb_outcome", str(path), "--rule", "mes-add1-greedy", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["selected"] == outcome(*slow(big_file(), monkeypatch), "mes-add1-greedy").selected
    assert payload["seconds"] >= 0 and payload["cpu_seconds"] >= 0
