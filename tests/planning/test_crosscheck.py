"""Random schemes scored twice: by scoring.score_round and by a plain, independent Decimal
implementation written straight from assessment.md (high precision, multiply before divide)."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from qualitybrand.planning import scoring

GRADES = [{"grade": "A", "min": "90"}, {"grade": "B", "min": "75"}, {"grade": "C", "min": "60"},
          {"grade": "D", "min": "0"}]


def independent(scheme, regions, values, targets, manual):
    with localcontext() as ctx:
        ctx.prec = 80
        n = len(regions)
        out = {r: {"items": {}, "missing": []} for r in regions}
        for item in scheme["items"]:
            rule, code = item["rule"], item["code"]
            ind = item.get("indicator")
            vals = {r: (None if values.get((ind, r)) is None else Decimal(str(values[(ind, r)]))) for r in regions}
            for r in regions:
                v = vals[r]
                if rule == "ratio_to_target":
                    s = Decimal(0) if v is None else min(Decimal(item["points"]) * v / Decimal(targets[(ind, r)]),
                                                         Decimal(item["points"]))
                elif rule == "linear":
                    if v is None:
                        s = Decimal(0)
                    else:
                        za, fa = Decimal(item["zero_at"]), Decimal(item["full_at"])
                        frac = min(max((v - za) / (fa - za), Decimal(0)), Decimal(1))
                        s = Decimal(item["points"]) * frac
                elif rule == "rank":
                    if v is None:
                        s = Decimal(0)
                    else:
                        better = sum(1 for o in vals.values() if o is not None and (o > v if item["order"] == "desc"
                                                                                    else o < v))
                        rank = better + 1
                        s = Decimal(item["points"]) if n == 1 else Decimal(item["points"]) * (n - rank) / (n - 1)
                elif rule == "manual":
                    given_score = manual.get(r, {}).get(code)
                    if given_score is None:
                        out[r]["missing"].append(code)
                    s = Decimal(0) if given_score is None else Decimal(str(given_score))
                else:
                    amount = Decimal(0) if v is None else min(Decimal(item["per_unit"]) * v, Decimal(item["cap"]))
                    s = -amount if rule == "deduction" else amount
                out[r]["items"][code] = s.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for r in regions:
            total = max(Decimal(0), sum(out[r]["items"].values()))
            grade = next((g["grade"] for g in GRADES if Decimal(g["min"]) <= total), None)
            vetoed = [vt["code"] for vt in scheme["vetoes"] if values.get((vt["indicator"], r)) is not None
                      and Decimal(str(values[(vt["indicator"], r)])) > Decimal(vt["above"])]
            for vt in scheme["vetoes"]:
                if vt["code"] in vetoed:
                    order = [g["grade"] for g in GRADES]
                    grade = order[max(order.index(grade), order.index(vt["grade"]))]
            out[r].update(total=total, grade=grade, vetoed=vetoed)
        for r in regions:
            key = (1 if out[r]["vetoed"] else 0, -out[r]["total"])
            out[r]["rank"] = 1 + sum(1 for o in regions if (1 if out[o]["vetoed"] else 0, -out[o]["total"]) < key)
        return out


value = st.one_of(st.none(), st.integers(0, 500), st.floats(0, 500, allow_nan=False).map(lambda f: round(f, 3)))


@settings(max_examples=80, deadline=None)
@given(data=st.data(), n=st.integers(1, 8))
def test_random_schemes_match_an_independent_computation(data, n):
    regions = [f"r{i}" for i in range(n)]
    points = lambda: str(data.draw(st.integers(1, 30)))  # noqa: E731
    za = data.draw(st.integers(0, 100))
    fa = data.draw(st.integers(0, 100).filter(lambda x: x != za))
    scheme = {"code": "x", "grades": GRADES, "items": [
        {"code": "A1", "rule": "ratio_to_target", "points": points(), "indicator": "a"},
        {"code": "A2", "rule": "linear", "points": points(), "indicator": "b", "zero_at": str(za), "full_at": str(fa)},
        {"code": "A3", "rule": "rank", "points": points(), "indicator": "c",
         "order": data.draw(st.sampled_from(["asc", "desc"]))},
        {"code": "A4", "rule": "manual", "points": "10"},
        {"code": "D1", "rule": "deduction", "indicator": "d", "per_unit": data.draw(st.sampled_from(["1", "1.5", "2"])),
         "cap": str(data.draw(st.integers(0, 20)))},
        {"code": "B1", "rule": "bonus", "indicator": "e", "per_unit": "2", "cap": str(data.draw(st.integers(0, 6)))},
    ], "vetoes": [{"code": "V1", "indicator": "f", "above": "0", "grade": data.draw(st.sampled_from(["B", "C", "D"]))}]}
    values = {(ind, r): data.draw(value) for ind in "abcdef" for r in regions}
    targets = {("a", r): str(data.draw(st.integers(1, 400))) for r in regions}
    manual = {r: {"A4": data.draw(st.sampled_from(["0", "5.5", "7.25", "10"]))} for r in regions
              if data.draw(st.booleans())}
    mine = {res.region: res for res in scoring.score_round(scheme, regions, values, targets, manual)}
    theirs = independent(scheme, regions, values, targets, manual)
    for r in regions:
        assert mine[r].items == theirs[r]["items"], r
        assert mine[r].total == theirs[r]["total"]
        assert mine[r].grade == theirs[r]["grade"]
        assert mine[r].vetoed == theirs[r]["vetoed"]
        assert mine[r].rank == theirs[r]["rank"]
        assert mine[r].missing == theirs[r]["missing"]
