"""Complaints for tests, registered through the service (as the portal would: no user)."""

from __future__ import annotations

import datetime as dt

from qualitybrand.complaints import services
from qualitybrand.complaints.models import Complaint


def complaint(region, *, category="投诉", registered=dt.date(2024, 9, 27), entity=None, **kw) -> Complaint:
    data = {"category": category, "registered": registered, "summary": kw.pop("summary", "买到的电暖器外壳开裂"),
            "respondent_name": "" if entity else kw.pop("respondent_name", "某电器经营部"),
            "respondent_uscc": entity.uscc if entity else "", "region": region.code,
            "complainant_name": kw.pop("complainant_name", "张三"),
            "complainant_phone": kw.pop("complainant_phone", "13800001234"),
            "complainant_address": kw.pop("complainant_address", "秦州区民主路 1 号"), **kw}
    return services.file_complaint(data, user=None, channel=kw.get("channel", "12315"))
