"""A 登记编号 taken in another county is refused without saying it exists (review of issue 14)."""

import pytest

from qualitybrand.complaints import services
from tests.complaints.factories import complaint

pytestmark = pytest.mark.django_db


def _file(user, number):
    return {"category": "投诉", "channel": "来电", "summary": "充电器起火", "respondent_name": "某商店",
            "region": "620502", "number": number, "registered": "2024-10-08"}


def test_a_number_of_another_county_is_not_named_as_existing(regions, today, maiji, county_user):
    taken = complaint(maiji, number="TS-MJ-0001")
    with pytest.raises(services.ValidationError) as refused:
        services.file_complaint(_file(county_user, taken.number), user=county_user)
    text = str(refused.value)
    assert "不能使用" in text and "已存在" not in text


def test_a_number_of_ones_own_county_is_named_as_existing(regions, today, qinzhou, county_user):
    taken = complaint(qinzhou, number="TS-QZ-0001")
    with pytest.raises(services.ValidationError) as refused:
        services.file_complaint(_file(county_user, taken.number), user=county_user)
    assert "已存在" in str(refused.value)
