"""The change log records a file field by its stored name (a FieldFile is not JSON)."""

from qualitybrand.core.changelog import jsonable
from qualitybrand.reports.models import OfficeTemplate


def test_a_file_field_is_logged_by_its_name():
    template = OfficeTemplate(kind="annual_summary", name="x", original_name="x.docx")
    template.file.name = "report-templates/1/annual_summary/x.docx"
    assert jsonable(template.file) == "report-templates/1/annual_summary/x.docx"
    assert jsonable(OfficeTemplate().file) == ""
