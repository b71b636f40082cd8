"""Property tests (hypothesis) for the parsers not covered elsewhere: electoral-roll CSV imports,
paper-sheet double entry, the `.pb` reader/writer, and Arabic/Latin search folding.

CNIE and phone normalisation already have theirs (tadafur/accounts/tests/test_crypto.py,
test_phones.py); folding's idempotence is in tadafur/core/tests/test_text.py.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tadafur.accounts.services import roll_line_hash, roll_parse
from tadafur.budgets.pb import Ballot, Instance, PbFormatError, Profile, Project, parse_pb, write_pb
from tadafur.core import crypto
from tadafur.core.text import fold

cnies = st.from_regex(r"[A-Z]{1,2}[0-9]{1,6}", fullmatch=True)
birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2008, 12, 31))


def _spelled(cnie: str, how: int) -> str:
    """How people type a CNIE: case, spaces and dashes."""
    return [cnie, cnie.lower(), f" {cnie[:1]} {cnie[1:]} ", "-".join(cnie), cnie.lower().replace("", " ")][how]


# --- Electoral roll CSV (tadafur/accounts/services.roll_parse) --------------------------------


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(st.tuples(cnies, birth_dates, st.integers(0, 4), st.booleans()), min_size=1, max_size=12),
    delimiter=st.sampled_from([",", ";"]),
    as_bytes=st.booleans(),
    bom=st.booleans(),
    crlf=st.booleans(),
)
def test_a_well_formed_roll_gives_one_hash_per_distinct_person(
    lines: list[tuple[str, dt.date, int, bool]], delimiter: str, as_bytes: bool, bom: bool, crlf: bool
) -> None:
    rows = [f"nom{delimiter}cnie{delimiter}birth_date"]
    for cnie, born, how, french_date in lines:
        date = born.strftime("%d/%m/%Y") if french_date else born.isoformat()
        rows.append(f"Someone{delimiter}{_spelled(cnie, how)}{delimiter}{date}")
    text = ("\ufeff" if bom else "") + ("\r\n" if crlf else "\n").join(rows) + "\n"
    hashes, rejected = roll_parse(text.encode() if as_bytes else text)

    expected: list[str] = []
    for cnie, born, *_ in lines:
        line_hash = roll_line_hash(cnie, born)
        if line_hash not in expected:
            expected.append(line_hash)
    assert hashes == expected
    # Exactly the repeated people are refused, each naming the line it repeats.
    assert len(rejected) == len(lines) - len(expected)
    assert all("duplicate of line" in r.reason for r in rejected)


@settings(max_examples=150)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_any_upload_is_read_or_refused_line_by_line_never_crashes(data: bytes | str) -> None:
    hashes, rejected = roll_parse(data)
    assert all(len(h) == 64 for h in hashes)
    assert hashes or rejected  # an unusable file always says why
    assert all(r.line >= 0 and r.reason for r in rejected)


@settings(max_examples=60)
@given(
    header=st.permutations(["cnie", "birth_date", "commune", "nom"]),
    cnie=cnies,
    born=birth_dates,
    padding=st.sampled_from(["", " ", "  "]),
)
def test_column_order_and_spacing_do_not_change_the_hash(
    header: list[str], cnie: str, born: dt.date, padding: str
) -> None:
    values = {"cnie": cnie, "birth_date": born.isoformat(), "commune": "Settat", "nom": "X"}
    text = ",".join(f"{padding}{h.upper()}{padding}" for h in header) + "\n"
    text += ",".join(f"{padding}{values[h]}{padding}" for h in header) + "\n"
    assert roll_parse(text) == ([roll_line_hash(cnie, born)], [])


# --- Paper sheets typed twice (tadafur/petitions/paper.py) -------------------------------------

name_words = st.lists(
    st.text(alphabet=st.sampled_from("abcdeéèàçilmnorstuyABCDÉLMSاأإبتثجحسشصطعلمنهويىة"), min_size=1, max_size=8),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60)
@given(
    cnie=cnies, first_how=st.integers(0, 4), second_how=st.integers(0, 4), words=name_words, spaces=st.integers(1, 3)
)
def test_two_agents_typing_the_same_line_differently_still_match(
    cnie: str, first_how: int, second_how: int, words: list[str], spaces: int
) -> None:
    """Double entry compares CNIE and folded name: case, spacing and dashes are not differences."""
    from tadafur.petitions.models import PaperLine
    from tadafur.petitions.paper import _STRIP, _match_key

    def typed(how: int, name: str) -> PaperLine:
        # What paper_line_type stores: the name with single spaces, the CNIE stripped and upper-cased.
        return PaperLine(
            name_enc=crypto.encrypt(" ".join(name.split())),
            cnie_enc=crypto.encrypt(_STRIP.sub("", _spelled(cnie, how)).upper()),
        )

    first = typed(first_how, " ".join(words))
    second = typed(second_how, (" " * spaces).join(w.upper() for w in words))
    assert _match_key(first) == _match_key(second)
    assert _match_key(first)[0] == cnie


@settings(max_examples=60)
@given(cnie=cnies, other=cnies, words=name_words)
def test_a_different_cnie_is_a_mismatch(cnie: str, other: str, words: list[str]) -> None:
    from tadafur.petitions.models import PaperLine
    from tadafur.petitions.paper import _match_key

    assume(cnie != other)
    name = crypto.encrypt(" ".join(words))
    assert _match_key(PaperLine(name_enc=name, cnie_enc=crypto.encrypt(cnie))) != _match_key(
        PaperLine(name_enc=name, cnie_enc=crypto.encrypt(other))
    )


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_the_eighteenth_birthday_is_eighteen_years_later_even_for_29_february(born: dt.date) -> None:
    from tadafur.petitions.paper import _eighteenth_birthday

    adult = _eighteenth_birthday(born)
    assert adult.year == born.year + 18
    assert (adult.month, adult.day) == ((born.month, born.day) if (born.month, born.day) != (2, 29) else (3, 1)) or (
        adult == dt.date(born.year + 18, 2, 29)
    )


# --- .pb files (tadafur/budgets/pb.py) ---------------------------------------------------------

ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=6).filter(
    lambda s: s.lower() not in {"meta", "projects", "votes", "none"}
)
# Free text: names and attribute values may hold separators, quotes and any script.
free_text = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x1c\x1d\x1e\x85"),
        max_size=20,
    )
    .map(str.strip)
    .filter(lambda s: s.lower() != "none")
)
amounts = st.fractions(min_value=0, max_value=10**9, max_denominator=100)


@st.composite
def elections(draw: st.DrawFn) -> tuple[Instance, Profile]:
    project_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    projects = {pid: Project(project_id=pid, cost=draw(amounts), name=draw(free_text), extra={}) for pid in project_ids}
    vote_type = draw(st.sampled_from(["approval", "cumulative"]))
    ballots = []
    for n in range(draw(st.integers(0, 6))):
        vote = tuple(draw(st.lists(st.sampled_from(project_ids), unique=True, max_size=len(project_ids))))
        points = tuple(draw(amounts) for _ in vote) if vote_type == "cumulative" else None
        attributes = {"district": value} if (value := draw(free_text)) else {}
        ballots.append(Ballot(voter_id=str(n + 1), vote=vote, points=points, attributes=attributes))
    if vote_type == "cumulative" and not any(b.vote for b in ballots):
        vote_type = "approval"
        ballots = [Ballot(voter_id=b.voter_id, vote=b.vote, attributes=b.attributes) for b in ballots]
    budget = draw(amounts)
    meta = {"description": draw(free_text) or "x", "vote_type": vote_type}
    return Instance(meta=meta, projects=projects, budget=budget), Profile(vote_type, ballots)


@settings(max_examples=80)
@given(elections())
def test_pb_round_trip_gives_back_the_same_election(election: tuple[Instance, Profile]) -> None:
    instance, profile = election
    text = write_pb(instance, profile)
    again_instance, again_profile = parse_pb(text)
    assert again_instance.projects == instance.projects
    assert again_instance.budget == instance.budget
    assert again_profile.ballots == profile.ballots
    assert write_pb(again_instance, again_profile) == text


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from("METAPROJECTSVOTES;,\n\"' 0123456789/.abcNone\ufeff"), max_size=200))
def test_pb_parsing_garbage_only_ever_raises_a_format_error_naming_the_problem(text: str) -> None:
    try:
        parse_pb(text)
    except PbFormatError as exc:
        assert str(exc)


@given(amounts)
def test_pb_numbers_are_exact(value: Fraction) -> None:
    from tadafur.budgets.pb import format_number, parse_number

    assert parse_number(format_number(value), line=1, what="cost") == value


# --- Search folding (tadafur/core/text.fold) -------------------------------------------------


@given(st.text(alphabet=st.sampled_from("سطاتالدارالبيضاءأإآةىئؤ ًٌٍَُِّْـ"), max_size=30))
def test_folding_ignores_arabic_diacritics_and_tatweel(text: str) -> None:
    bare = "".join(c for c in text if c not in "ًٌٍَُِّْـ")
    assert fold(text) == fold(bare)


@given(st.text(alphabet=st.sampled_from("abcdeéèêëàâçîïôûùüÿœ ABCDÉÈÀÇ-'"), max_size=30))
def test_folding_ignores_french_accents_case_and_separators(text: str) -> None:
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    assert fold(text) == fold(plain.lower().replace("-", " ").replace("'", " "))


@given(st.text(max_size=40), st.text(max_size=40))
def test_a_folded_word_is_still_found_inside_a_folded_sentence(before: str, word: str) -> None:
    """Search matches `fold(query) in fold(text)`: folding a word never breaks containment."""
    assume(word.strip())
    folded_word = fold(word)
    assume(folded_word)
    assert folded_word in fold(f"{before} {word} fin")


pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
