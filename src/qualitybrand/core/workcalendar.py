"""Writes of the office's working-day calendar (core/workdays.py reads it): a year the library does
not know, its days off on weekdays and its make-up working days (调休上班) on weekends, typed in or
uploaded as a small .csv/.xlsx (columns 日期, 类型 休息|上班, 名称). City office only; change-logged;
a bad file names the row and changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.core import changelog
from qualitybrand.core.models import WorkCalendarDay, WorkCalendarYear
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.core.services import create_record, delete_record, update_record

MAX_FILE_BYTES = 1024 * 1024
OFF_WORDS = {"休息", "放假", "休", "节假日", "假"}
WORK_WORDS = {"上班", "调休上班", "班", "补班", "工作日"}
FIRST_YEAR, LAST_YEAR = 2000, 2100


def ensure_city_office(user) -> None:
    if user is not None and not has_scoped_role(user, {Role.CITY_ADMIN}):
        raise PermissionDenied("只有市级管理员可以维护工作日历。")


def parse_year(raw) -> int:
    text = str(raw or "").strip()
    if not text.isdecimal() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise ValidationError(f"年度“{text}”无效：请填写 {FIRST_YEAR}–{LAST_YEAR} 之间的四位年份，如 2027。")
    return int(text)


def parse_kind(raw, where: str = "") -> bool:
    text = str(raw or "").strip()
    if text in OFF_WORDS:
        return False
    if text in WORK_WORDS:
        return True
    raise ValidationError(f"{where}类型“{text}”无效：应为“休息”（节假日放假）或“上班”（调休上班）。")


def parse_day(raw, year: int, where: str = "") -> dt.date:
    if isinstance(raw, dt.datetime):
        day = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    else:
        text = str(raw or "").strip().replace("/", "-").replace(".", "-")
        try:
            day = dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")) if text.count("-") == 2 else text)
        except ValueError:
            raise ValidationError(f"{where}日期“{text}”无效：请写成 YYYY-MM-DD，如 {year}-10-01。") from None
    if day.year != year:
        raise ValidationError(f"{where}日期 {day.isoformat()} 不在 {year} 年内。")
    return day


@transaction.atomic
def save_year(user, year, source: str, confirmed: bool = False) -> WorkCalendarYear:
    """Add a year to the calendar, or change its source / confirmation."""
    ensure_city_office(user)
    year = parse_year(year)
    source = (source or "").strip()
    if not source:
        raise ValidationError("请填写依据：如“国务院办公厅关于2027年部分节假日安排的通知”。")
    existing = WorkCalendarYear.objects.filter(year=year).first()
    if existing is None:
        return create_record(user, WorkCalendarYear(year=year, source=source[:200], confirmed=confirmed),
                             reason=f"添加 {year} 年工作日历", check=False)
    return update_record(user, existing, {"source": source[:200], "confirmed": confirmed},
                         reason=f"修改 {year} 年工作日历", check=False)


@transaction.atomic
def add_day(user, calendar: WorkCalendarYear, raw_day, raw_kind, name: str = "") -> WorkCalendarDay:
    """Add (or change) one exception of an office year."""
    ensure_city_office(user)
    day = parse_day(raw_day, calendar.year)
    is_workday = parse_kind(raw_kind)
    existing = WorkCalendarDay.objects.filter(date=day).first()
    if existing is not None:
        return update_record(user, existing, {"is_workday": is_workday, "name": (name or "").strip()[:50]},
                             reason="修改工作日历日期", check=False)
    return create_record(user, WorkCalendarDay(calendar=calendar, date=day, is_workday=is_workday,
                                               name=(name or "").strip()[:50]), reason="添加工作日历日期", check=False)


@transaction.atomic
def remove_day(user, day: WorkCalendarDay) -> None:
    ensure_city_office(user)
    delete_record(user, day, reason="删除工作日历日期", check=False)


def read_rows(upload) -> list[tuple[int, list]]:
    """(row number, cells) of a .csv or .xlsx file, header row included."""
    name = Path(getattr(upload, "name", "") or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise ValidationError(f"文件“{name}”的类型不支持：请上传 .csv 或 .xlsx 文件（列：日期、类型、名称）。")
    if (getattr(upload, "size", 0) or 0) > MAX_FILE_BYTES:
        raise ValidationError(f"文件“{name}”超过 1 MB：一年的放假和调休日期不会有这么多。")
    data = upload.read()
    if suffix == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(f"文件“{name}”无法识别编码：请另存为 UTF-8 编码的 CSV。")
        return list(enumerate(csv.reader(io.StringIO(text)), start=1))
    try:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        return [(n, list(row)) for n, row in enumerate(sheet.iter_rows(values_only=True, max_row=1000), start=1)]
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same message
        raise ValidationError(f"文件“{name}”不是可读取的 Excel 工作簿（.xlsx）。") from None


def parse_file(upload, year: int) -> list[tuple[dt.date, bool, str]]:
    """The exceptions listed in the file; every bad row named in one message."""
    rows = [(n, [c for c in cells]) for n, cells in read_rows(upload)
            if any(str(c or "").strip() for c in cells)]
    if rows and str(rows[0][1][0] or "").strip() in {"日期", "date"}:
        rows = rows[1:]
    days, errors, seen = [], [], set()
    for n, cells in rows:
        cells = [*cells, None, None, None]
        where = f"第 {n} 行："
        try:
            day = parse_day(cells[0], year, where)
            is_workday = parse_kind(cells[1], where)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if day in seen:
            errors.append(f"{where}日期 {day.isoformat()} 重复。")
            continue
        seen.add(day)
        days.append((day, is_workday, str(cells[2] or "").strip()[:50]))
    if errors:
        raise ValidationError(errors[:20])
    if not days:
        raise ValidationError("文件中没有日期：请按“日期、类型、名称”三列填写放假和调休上班日期。")
    return days


@transaction.atomic
def replace_days(user, calendar: WorkCalendarYear, upload) -> int:
    """Replace the year's exceptions with the file's (bulk, one change-log row per day)."""
    ensure_city_office(user)
    days = parse_file(upload, calendar.year)
    old = list(calendar.days.all())
    logs = [changelog.build_entry(user=user, action="delete", obj=d, before=changelog.snapshot(d), after=None,
                                  reason=f"导入 {calendar.year} 年工作日历（替换）", region_path="") for d in old]
    WorkCalendarDay.objects.filter(calendar=calendar).delete()
    created = WorkCalendarDay.objects.bulk_create(
        [WorkCalendarDay(calendar=calendar, date=d, is_workday=w, name=name) for d, w, name in days])
    logs += [changelog.build_entry(user=user, action="create", obj=d, before=None, after=changelog.snapshot(d),
                                   reason=f"导入 {calendar.year} 年工作日历", region_path="") for d in created]
    changelog.record_many(logs)
    return len(created)
