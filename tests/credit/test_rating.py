"""The built-in rating of credit.md, hand-built case by case."""

import datetime as dt

import pytest

from qualitybrand.credit.rating import grade_counts, rate, rating_for, trustworthy_ids, window_start
from tests.credit.factories import (
    BlacklistEntryFactory,
    CaseFactory,
    CertificationFactory,
    InspectionFactory,
    RecognitionFactory,
)
from tests.factories import EntityFactory, ProgramFactory, TrademarkFactory

pytestmark = pytest.mark.django_db
D = dt.date(2024, 6, 30)


@pytest.fixture
def county(regions):
    return regions["620502"]


@pytest.fixture
def entity(county):
    return EntityFactory(region=county, uscc="91620502MA00000001")


def one(entity, as_of=D, **kwargs):
    ratings = {r.uscc: r for r in rate(as_of, **kwargs)}
    return ratings[entity.uscc]


def test_window_start_is_the_same_day_three_years_earlier_and_feb_29_becomes_feb_28():
    assert window_start(dt.date(2024, 6, 30), 3) == dt.date(2021, 6, 30)
    assert window_start(dt.date(2024, 2, 29), 3) == dt.date(2021, 2, 28)
    assert window_start(dt.date(2024, 2, 29), 4) == dt.date(2020, 2, 29)


def test_an_entity_without_records_scores_100_and_grade_a(entity):
    rating = rating_for(entity, D)
    assert (rating.score, rating.grade, rating.reasons, rating.listed) == (100, "A", [], False)
    assert rating.region_code == "620502" and rating.uscc == "91620502MA00000001"


@pytest.mark.parametrize("level,points", [("国家", -10), ("省", -10), ("市", -5), ("县", -5)])
def test_a_failed_inspection_costs_by_level(entity, level, points):
    InspectionFactory(entity=entity, level=level, number="CJ0000012", sampled=dt.date(2023, 5, 4))
    rating = rating_for(entity, D)
    assert rating.score == 100 + points
    assert [(r.points, r.record) for r in rating.reasons] == [(points, "inspections:CJ0000012")]
    assert "2023-05-04" in rating.reasons[0].text


def test_a_passed_inspection_costs_nothing(entity):
    InspectionFactory(entity=entity, conclusion="合格")
    assert rating_for(entity, D).score == 100


def test_inspection_window_is_open_at_the_start_and_closed_at_d(entity):
    InspectionFactory(entity=entity, level="市", sampled=dt.date(2021, 6, 30))   # D − 3 years: outside
    InspectionFactory(entity=entity, level="市", sampled=dt.date(2021, 7, 1))    # first day inside
    InspectionFactory(entity=entity, level="省", sampled=D)                      # D: inside
    InspectionFactory(entity=entity, level="国家", sampled=dt.date(2024, 7, 1))  # after D: outside
    assert rating_for(entity, D).score == 100 - 5 - 10


def test_window_on_feb_29_starts_after_feb_28(entity):
    InspectionFactory(entity=entity, level="县", sampled=dt.date(2021, 2, 28))  # outside
    InspectionFactory(entity=entity, level="县", sampled=dt.date(2021, 3, 1))   # inside
    assert rating_for(entity, dt.date(2024, 2, 29)).score == 95


@pytest.mark.parametrize("transferred,points", [(True, -30), (False, -15)])
def test_a_case_costs_30_when_transferred_else_15(entity, transferred, points):
    CaseFactory(party=entity, transferred=transferred, number="AJ2023001", opened=dt.date(2022, 1, 1))
    rating = rating_for(entity, D)
    assert rating.score == 100 + points and rating.grade == ("C" if transferred else "B")
    assert [(r.points, r.record) for r in rating.reasons] == [(points, "cases:AJ2023001")]


def test_case_window_edges(entity):
    CaseFactory(party=entity, opened=dt.date(2021, 6, 30))
    CaseFactory(party=entity, opened=dt.date(2021, 7, 1))
    CaseFactory(party=entity, opened=dt.date(2024, 7, 1))
    assert rating_for(entity, D).score == 85


def test_recognitions_add_5_each_capped_at_15(entity):
    for year in (2021, 2022, 2023, 2024):
        RecognitionFactory(entity=entity, year=year, valid_until=dt.date(2026, 12, 31))
    rating = rating_for(entity, D)
    assert rating.score == 115
    assert [r.points for r in rating.reasons] == [5, 5, 5]  # the fourth moved nothing


def test_recognition_validity_year_and_valid_until(entity):
    RecognitionFactory(entity=entity, year=2025, valid_until=None)                 # 认定年度 after D's year
    RecognitionFactory(entity=entity, year=2020, valid_until=dt.date(2024, 6, 29))  # expired the day before
    RecognitionFactory(entity=entity, year=2024, valid_until=None)                  # no end: valid
    RecognitionFactory(entity=entity, year=2021, valid_until=D)                     # ends on D: valid
    assert rating_for(entity, D).score == 110


def test_a_trademark_recognition_counts_for_the_marks_holder(county, entity):
    other = EntityFactory(region=county)
    mark = TrademarkFactory(holder=entity, number="10000123", expires=dt.date(2031, 2, 28))
    program = ProgramFactory(code="famous", object_kind="商标")
    # The row names another entity (a transfer after the recognition): the mark's holder gets it.
    RecognitionFactory(program=program, entity=other, trademark=mark, year=2023)
    rating = rating_for(entity, D)
    assert rating.score == 105
    assert rating.reasons[0].record == "recognitions:famous|10000123|2023"
    assert rating_for(other, D).score == 100


def test_certifications_add_2_each_capped_at_6_and_need_issued_le_d_le_expires(entity):
    CertificationFactory(entity=entity, issued=D, expires=dt.date(2027, 1, 1))
    CertificationFactory(entity=entity, issued=dt.date(2021, 1, 1), expires=D)
    CertificationFactory(entity=entity, issued=dt.date(2021, 1, 1), expires=dt.date(2024, 6, 29))  # expired
    CertificationFactory(entity=entity, issued=dt.date(2024, 7, 1), expires=dt.date(2027, 1, 1))   # not yet
    assert rating_for(entity, D).score == 104
    for _ in range(3):
        CertificationFactory(entity=entity)
    assert rating_for(entity, D).score == 106


@pytest.mark.parametrize("penalties,grade", [
    ([("市", 1)], "A"),                 # 95
    ([("国家", 1)], "B"),               # 90
    ([("国家", 2)], "B"),               # 80
    ([("国家", 2), ("县", 1)], "C"),     # 75
    ([("国家", 4)], "C"),               # 60
    ([("国家", 4), ("县", 1)], "D"),     # 55
])
def test_grade_boundaries(entity, penalties, grade):
    for level, n in penalties:
        for _ in range(n):
            InspectionFactory(entity=entity, level=level)
    assert rating_for(entity, D).grade == grade


def test_grade_boundaries_with_bonus_96_and_94(entity):
    InspectionFactory(entity=entity, level="国家")
    CertificationFactory(entity=entity)
    CertificationFactory(entity=entity)
    assert (rating_for(entity, D).score, rating_for(entity, D).grade) == (94, "B")
    RecognitionFactory(entity=entity)
    assert (rating_for(entity, D).score, rating_for(entity, D).grade) == (99, "A")


def test_score_can_fall_below_zero(entity):
    for _ in range(4):
        CaseFactory(party=entity, transferred=True)
    assert rating_for(entity, D).score == -20


def test_a_listed_entity_is_d_whatever_its_score_and_the_entry_is_a_reason(entity):
    RecognitionFactory(entity=entity)
    BlacklistEntryFactory(entity=entity, listed=D)
    rating = rating_for(entity, D)
    assert (rating.score, rating.grade, rating.listed) == (105, "D", True)
    assert rating.reasons[-1].points is None
    assert rating.reasons[-1].record == "blacklist:91620502MA00000001|2024-06-30"


def test_blacklist_removed_on_d_no_longer_counts_but_the_day_before_it_did(entity):
    BlacklistEntryFactory(entity=entity, listed=dt.date(2022, 1, 1), removed=D, removal_method="信用修复")
    assert rating_for(entity, D).grade == "A"
    assert rating_for(entity, D - dt.timedelta(days=1)).grade == "D"
    assert rating_for(entity, dt.date(2021, 12, 31)).grade == "A"  # not yet listed


def test_only_entities_existing_on_d_are_rated(county, entity):
    EntityFactory(region=county, uscc="91620502MA00000002", established=dt.date(2024, 7, 1))
    EntityFactory(region=county, uscc="91620502MA00000003", established=None)
    EntityFactory(region=county, uscc="91620502MA00000004", deregistered=D)
    EntityFactory(region=county, uscc="91620502MA00000005", deregistered=dt.date(2024, 7, 1))
    EntityFactory(region=county, uscc="91620502MA00000006", established=D)
    assert [r.uscc for r in rate(D)] == ["91620502MA00000001", "91620502MA00000003",
                                          "91620502MA00000005", "91620502MA00000006"]


def test_records_of_a_cancelled_entity_do_not_count_for_the_region(county, regions):
    gone = EntityFactory(region=county, deregistered=dt.date(2024, 1, 1))
    InspectionFactory(entity=gone)
    counts = grade_counts(D)
    assert sum(counts.get(county.id, {}).values()) == 0


def test_region_filter_and_sort_by_uscc(regions):
    a = EntityFactory(region=regions["620503"], uscc="91620503MA0000000B")
    b = EntityFactory(region=regions["620502"], uscc="91620502MA0000000C")
    c = EntityFactory(region=regions["620503"], uscc="91620503MA0000000A")
    InspectionFactory(entity=b, level="县")
    assert [r.uscc for r in rate(D)] == [b.uscc, c.uscc, a.uscc]
    assert [(r.uscc, r.score) for r in rate(D, region=regions["620503"])] == [(c.uscc, 100), (a.uscc, 100)]
    assert [(r.uscc, r.score) for r in rate(D, region=regions["620500"])][0] == (b.uscc, 95)


def test_whole_city_path_has_no_reasons_unless_asked_and_reasons_sum_to_the_score(entity):
    InspectionFactory(entity=entity, level="市")
    CaseFactory(party=entity)
    RecognitionFactory(entity=entity)
    CertificationFactory(entity=entity)
    assert one(entity).reasons == []
    rating = one(entity, with_reasons=True)
    assert rating.score == 100 - 5 - 15 + 5 + 2
    assert sum(r.points for r in rating.reasons) == rating.score - 100
    assert [r.record.split(":")[0] for r in rating.reasons] == [
        "inspections", "cases", "recognitions", "certifications"]


def test_the_whole_city_path_takes_a_fixed_number_of_queries(regions, django_assert_max_num_queries):
    for _ in range(30):
        e = EntityFactory(region=regions["620502"])
        InspectionFactory(entity=e)
        CaseFactory(party=e)
        RecognitionFactory(entity=e)
        CertificationFactory(entity=e)
        BlacklistEntryFactory(entity=e)
    with django_assert_max_num_queries(9):
        ratings = rate(D, with_reasons=True)
    assert len(ratings) == 30 and all(r.grade == "D" and len(r.reasons) == 5 for r in ratings)
    with django_assert_max_num_queries(1):
        grade_counts(D)


def test_grade_counts_match_the_ratings(regions):
    county, other = regions["620502"], regions["620503"]
    EntityFactory(region=county)
    InspectionFactory(entity=EntityFactory(region=county), level="国家")         # B
    CaseFactory(party=EntityFactory(region=other), transferred=True)             # 70: C
    BlacklistEntryFactory(entity=EntityFactory(region=other))                    # D (listed)
    CaseFactory(party=EntityFactory(region=other))                               # 85: B
    counts = grade_counts(D)
    assert counts[county.id] == {"A": 1, "B": 1, "C": 0, "D": 0}
    assert counts[other.id] == {"A": 0, "B": 1, "C": 1, "D": 1}


def test_trustworthy_ids_are_grade_a_with_a_valid_recognition(county):
    red = EntityFactory(region=county)
    RecognitionFactory(entity=red)
    plain = EntityFactory(region=county)                       # A, no recognition
    weak = EntityFactory(region=county)
    RecognitionFactory(entity=weak)
    CaseFactory(party=weak)                                    # 90: B
    listed = EntityFactory(region=county)
    RecognitionFactory(entity=listed)
    BlacklistEntryFactory(entity=listed)
    assert trustworthy_ids(D) == {red.id}
    assert trustworthy_ids(D, entity_ids=[plain.id, weak.id]) == set()


def test_a_long_list_of_entity_ids_is_filtered_without_a_huge_in_list(county):
    from qualitybrand.credit import rating

    red = EntityFactory(region=county)
    RecognitionFactory(entity=red)
    other = EntityFactory(region=county)
    RecognitionFactory(entity=other)
    many = [red.id] + list(range(10_000_000, 10_000_000 + rating.IN_LIMIT + 5))
    assert trustworthy_ids(D, entity_ids=many) == {red.id}
    assert [r.entity_id for r in rate(D, entity_ids=many)] == [red.id]


def test_every_path_sorts_by_uscc_whatever_the_insertion_order_and_restores_the_collector(regions, monkeypatch):
    import gc

    from qualitybrand.credit import rating as rating_module

    usccs = ["91620503MA0000000Z", "91620502MA00000009", "91620503MA0000000A", "91620502MA0000000B",
             "91620502MA00000010"]
    made = [EntityFactory(region=regions["620503" if u.startswith("91620503") else "620502"], uscc=u)
            for u in usccs]
    InspectionFactory(entity=made[0], level="国家")
    expected = sorted(usccs)
    assert [r.uscc for r in rate(D)] == expected
    assert [r.uscc for r in rate(D, entity_ids=[e.pk for e in reversed(made)])] == expected
    monkeypatch.setattr(rating_module, "IN_LIMIT", 2)  # more ids than IN (...) takes: kept in Python
    picked = rate(D, entity_ids=[made[0].pk, made[2].pk, made[4].pk], with_reasons=True)
    assert [(r.uscc, r.score, r.grade, r.region_code) for r in picked] == [
        ("91620502MA00000010", 100, "A", "620502"), ("91620503MA0000000A", 100, "A", "620503"),
        ("91620503MA0000000Z", 90, "B", "620503")]
    assert [r.record.split(":")[0] for r in picked[2].reasons] == ["inspections"]
    assert [r.uscc for r in rate(D, region=regions["620500"])] == expected
    assert gc.isenabled()
    gc.disable()
    try:
        rate(D)
        assert not gc.isenabled()  # a caller's paused collector stays paused
    finally:
        gc.enable()
