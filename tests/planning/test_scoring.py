from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitybrand.planning import scoring

GRADES = [{"grade": "A", "min": "90"}, {"grade": "B", "min": "80"}, {"grade": "C", "min": "60"},
          {"grade": "D", "min": "0"}]


def test_round2_half_up_away_from_zero():
    assert scoring.round2(Fraction(2345, 1000)) == Decimal("2.35")
    assert scoring.round2(Fraction(-2345, 1000)) == Decimal("-2.35")
    assert scoring.round2(Fraction(2344, 1000)) == Decimal("2.34")
    assert scoring.round2(Fraction(1, 3)) == Decimal("0.33")
    assert scoring.round2(Fraction(2, 3)) == Decimal("0.67")
    assert scoring.round2(0) == Decimal("0.00")


def test_float_values_are_taken_through_str():
    # 92.3 as a float is 92.299999…; through str() it is exactly 92.3
    assert scoring.to_fraction(92.3) == Fraction(923, 10)
    # linear 85→95 on 10 points: (92.3-85)/10*10 = 7.3 exactly
    assert scoring.round2(scoring.linear(10, 92.3, 85, 95)) == Decimal("7.30")


def test_ratio_to_target():
    assert scoring.ratio_to_target(10, 31, 60) == Fraction(310, 60)
    assert scoring.round2(scoring.ratio_to_target(10, 31, 60)) == Decimal("5.17")
    assert scoring.ratio_to_target(10, 90, 60) == 10
    assert scoring.ratio_to_target(10, None, 60) == 0
    # exact: 6 × 1 / 1200 = 0.005 → 0.01 (a naive v/t first with 28 digits gives 0.00)
    assert scoring.round2(scoring.ratio_to_target(6, 1, 1200)) == Decimal("0.01")


def test_linear_both_directions_and_clamp():
    assert scoring.linear(10, 90, 85, 95) == 5
    assert scoring.linear(10, 80, 85, 95) == 0
    assert scoring.linear(10, 99, 85, 95) == 10
    assert scoring.linear(10, None, 85, 95) == 0
    # lower is better: full at 2, zero at 10
    assert scoring.linear(8, 4, 10, 2) == 6
    assert scoring.linear(8, 1, 10, 2) == 8


def test_rank_ties_and_nulls():
    ranks = scoring.competition_ranks({"a": 10, "b": 7, "c": 7, "d": 3, "e": None})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}
    asc = scoring.competition_ranks({"a": 10, "b": 7, "c": 7, "d": 3}, "asc")
    assert asc == {"a": 4, "b": 2, "c": 2, "d": 1}
    assert scoring.rank_score(6, 1, 5) == 6
    assert scoring.rank_score(6, 2, 5) == Fraction(9, 2)
    assert scoring.rank_score(6, 4, 5) == Fraction(3, 2)
    assert scoring.rank_score(6, None, 5) == 0
    assert scoring.rank_score(6, 1, 1) == 6


def test_deduction_and_bonus_caps():
    assert scoring.deduction(2, 3, 10) == -6
    assert scoring.deduction(2, 7, 10) == -10
    assert scoring.deduction(2, None, 10) == 0
    assert scoring.bonus(2, 1, 4) == 2
    assert scoring.bonus(2, 5, 4) == 4
    assert scoring.bonus(Decimal("1.5"), 3) == Fraction(9, 2)


def test_grade_and_worse_grade():
    assert scoring.grade_for(Decimal("90"), GRADES) == "A"
    assert scoring.grade_for(Decimal("89.99"), GRADES) == "B"
    assert scoring.grade_for(Decimal("0"), GRADES) == "D"
    assert scoring.worse_grade("A", "C", GRADES) == "C"
    assert scoring.worse_grade("D", "C", GRADES) == "D"


def test_final_ranks_vetoed_after_and_ties():
    totals = {"a": Decimal(90), "b": Decimal(85), "c": Decimal(85), "d": Decimal(70), "e": Decimal(95)}
    ranks = scoring.final_ranks(totals, {"e": True})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": 5}
    ranks = scoring.final_ranks({"a": Decimal(1), "b": Decimal(5), "c": Decimal(5)}, {"b": True, "c": True})
    assert ranks == {"a": 1, "b": 2, "c": 2}


SCHEME = {
    "code": "s", "grades": GRADES,
    "items": [
        {"code": "A1", "rule": "ratio_to_target", "points": "10", "indicator": "tm.applications"},
        {"code": "A2", "rule": "linear", "points": "10", "indicator": "insp.pass_rate", "zero_at": "85",
         "full_at": "95"},
        {"code": "A3", "rule": "rank", "points": "6", "indicator": "case.closed", "order": "desc"},
        {"code": "A4", "rule": "manual", "points": "10"},
        {"code": "D1", "rule": "deduction", "indicator": "incident.count", "per_unit": "2", "cap": "10"},
        {"code": "B1", "rule": "bonus", "indicator": "rec.new.prov_quality_award", "per_unit": "2", "cap": "4"},
    ],
    "vetoes": [{"code": "V1", "indicator": "incident.major", "above": "0", "grade": "D"}],
}


def test_score_round_hand_computed():
    regions = ["r1", "r2", "r3", "r4"]
    v = {
        ("tm.applications", "r1"): 60, ("tm.applications", "r2"): 31, ("tm.applications", "r3"): None,
        ("tm.applications", "r4"): 45,
        ("insp.pass_rate", "r1"): 96.0, ("insp.pass_rate", "r2"): 92.3, ("insp.pass_rate", "r3"): 80,
        ("insp.pass_rate", "r4"): 90.005,
        ("case.closed", "r1"): 12, ("case.closed", "r2"): 9, ("case.closed", "r3"): 9, ("case.closed", "r4"): None,
        ("incident.count", "r1"): 0, ("incident.count", "r2"): 1, ("incident.count", "r3"): 9,
        ("rec.new.prov_quality_award", "r2"): 1, ("rec.new.prov_quality_award", "r4"): 3,
        ("incident.major", "r4"): 1, ("incident.major", "r1"): 0,
    }
    targets = {("tm.applications", r): "60" for r in regions}
    manual = {"r1": {"A4": Decimal("9.5")}, "r2": {"A4": 8}, "r4": {"A4": Decimal("10")}}
    res = {r.region: r for r in scoring.score_round(SCHEME, regions, v, targets, manual)}
    # r1: 10 + 10 + 6 + 9.5 - 0 + 0 = 35.5
    assert res["r1"].items == {"A1": Decimal("10.00"), "A2": Decimal("10.00"), "A3": Decimal("6.00"),
                               "A4": Decimal("9.50"), "D1": Decimal("0.00"), "B1": Decimal("0.00")}
    assert res["r1"].total == Decimal("35.50")
    # r2: 31/60*10 = 5.1666… → 5.17; (92.3-85)/10*10 = 7.3; rank 2 of 4 → 6*2/3 = 4; 8; -2; +2
    assert res["r2"].items["A1"] == Decimal("5.17")
    assert res["r2"].items["A2"] == Decimal("7.30")
    assert res["r2"].items["A3"] == Decimal("4.00")
    assert res["r2"].total == Decimal("5.17") + Decimal("7.30") + 4 + 8 - 2 + 2
    # r3: nothing, a deduction of 10 (capped), missing manual → total floors at 0
    assert res["r3"].items["D1"] == Decimal("-10.00")
    assert res["r3"].missing == ["A4"]
    assert res["r3"].items["A3"] == Decimal("4.00")
    assert sum(res["r3"].items.values()) == Decimal("-6.00")
    assert res["r3"].total == Decimal("0.00")
    # r4: 45/60*10 = 7.5; (90.005-85)/10*10 = 5.005 → 5.01; rank null → 0; 10; 0; bonus capped 4; vetoed
    assert res["r4"].items["A2"] == Decimal("5.01")
    assert res["r4"].items["B1"] == Decimal("4.00")
    assert res["r4"].vetoed == ["V1"]
    assert res["r4"].grade == "D"
    assert res["r4"].total == Decimal("26.51")
    # ranks: r1 35.5, r2 24.47, r3 0, then vetoed r4 despite 26.51
    assert [res[r].rank for r in regions] == [1, 2, 3, 4]


def test_veto_grade_never_improves_a_grade():
    scheme = {"code": "s", "grades": GRADES, "items": [{"code": "M", "rule": "manual", "points": "100"}],
              "vetoes": [{"code": "V1", "indicator": "x", "above": "0", "grade": "B"},
                         {"code": "V2", "indicator": "y", "above": "2", "grade": "C"}]}
    v = {("x", "a"): 1, ("y", "a"): 3, ("x", "b"): 1, ("y", "b"): 2, ("x", "c"): None}
    res = {r.region: r for r in scoring.score_round(scheme, ["a", "b", "c", "d"], v, {},
                                                    {"a": {"M": 95}, "b": {"M": 70}, "c": {"M": 95}, "d": {"M": 95}})}
    assert res["a"].grade == "C" and res["a"].vetoed == ["V1", "V2"]
    assert res["b"].grade == "C" and res["b"].vetoed == ["V1"]  # own C is worse than the veto's B
    assert res["c"].grade == "A" and res["c"].vetoed == []  # null does not fire
    assert res["c"].rank == 1 and res["d"].rank == 1 and res["a"].rank == 3 and res["b"].rank == 4


points_st = st.integers(min_value=0, max_value=100)
value_st = st.one_of(st.none(), st.integers(min_value=0, max_value=10_000),
                     st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False))


@given(points=points_st, v=value_st, t=st.integers(min_value=1, max_value=1000))
def test_ratio_score_within_bounds(points, v, t):
    s = scoring.round2(scoring.ratio_to_target(points, v, t))
    assert 0 <= s <= points


@given(points=points_st, v=value_st, za=st.integers(-100, 100), fa=st.integers(-100, 100))
def test_linear_score_within_bounds(points, v, za, fa):
    if za == fa:
        return
    s = scoring.round2(scoring.linear(points, v, za, fa))
    assert 0 <= s <= points


@given(points=points_st, vals=st.lists(value_st, min_size=1, max_size=8))
def test_rank_score_within_bounds(points, vals):
    keyed = {str(i): v for i, v in enumerate(vals)}
    ranks = scoring.competition_ranks(keyed)
    for k in keyed:
        s = scoring.round2(scoring.rank_score(points, ranks[k], len(vals)))
        assert 0 <= s <= points


@given(per=st.integers(0, 10), v=value_st, cap=st.integers(0, 20))
def test_deduction_and_bonus_within_cap(per, v, cap):
    assert -cap <= scoring.round2(scoring.deduction(per, v, cap)) <= 0
    assert 0 <= scoring.round2(scoring.bonus(per, v, cap)) <= cap


@given(manual_scores=st.lists(st.integers(0, 100), min_size=2, max_size=6), who=st.integers(0, 5),
       bonus_units=st.integers(1, 5), vetoed=st.lists(st.booleans(), min_size=6, max_size=6))
def test_a_bonus_never_lowers_a_rank(manual_scores, who, bonus_units, vetoed):
    who = who % len(manual_scores)
    regions = [f"r{i}" for i in range(len(manual_scores))]
    scheme = {"code": "s", "grades": GRADES,
              "items": [{"code": "M", "rule": "manual", "points": "100"},
                        {"code": "B", "rule": "bonus", "indicator": "b", "per_unit": "1.5", "cap": "6"}],
              "vetoes": [{"code": "V", "indicator": "x", "above": "0", "grade": "D"}]}
    manual = {r: {"M": s} for r, s in zip(regions, manual_scores)}
    base = {("x", r): int(flag) for r, flag in zip(regions, vetoed)}
    before = {r.region: r.rank for r in scoring.score_round(scheme, regions, base, {}, manual)}
    more = dict(base)
    more[("b", regions[who])] = bonus_units
    after = {r.region: r.rank for r in scoring.score_round(scheme, regions, more, {}, manual)}
    assert after[regions[who]] <= before[regions[who]]


def test_missing_target_is_refused():
    scheme = {"code": "s", "grades": GRADES, "items": [SCHEME["items"][0]], "vetoes": []}
    with pytest.raises(KeyError):
        scoring.score_round(scheme, ["r1"], {}, {}, {})


def test_figure_filter():
    from qualitybrand.planning.templatetags.planning_tags import figure

    assert figure(None) == "—"
    assert figure(94.5945945945946, "%") == "94.6"
    assert figure(1828, "件") == "1,828"
    assert figure(Decimal("12.5"), "万元") == "12.50"
    assert figure(2.345, "件") == "2.35"
