"""The scheme editor's form (a form, not YAML): fields ⇄ the scheme document of credit/schemes.py.
Field problems are answered at their field; the document's own rules (bands without gap or overlap, …)
by `schemes.parse` with a message naming the problem."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from qualitybrand.credit import schemes as scheme_docs

LEVEL_FIELDS = {"国家": "insp_national", "省": "insp_province", "市": "insp_city", "县": "insp_county"}
NUMBER_FIELDS = {
    "window_years": "评价期", "start": "起评分", **{f: f"{lv}级抽查不合格扣分" for lv, f in LEVEL_FIELDS.items()},
    "case_transferred": "移送司法案件扣分", "case_other": "其他案件扣分",
    "rec_each": "每项认定加分", "rec_cap": "认定加分上限", "cert_each": "每张证书加分", "cert_cap": "证书加分上限",
}
TEXT_FIELDS = ("code", "name", "note", "listed_grade")


def band_field(grade: str, end: str) -> str:
    return f"band_{grade.lower()}_{end}"


def form_of(document: dict, *, code: str = "", name: str = "", note: str = "") -> dict:
    """The form's values (all text) for a stored document."""
    form = {"code": code, "name": name, "note": note, "window_years": document["window_years"],
            "start": document["start"], "case_transferred": document["case_penalty"]["移送司法"],
            "case_other": document["case_penalty"]["未移送"],
            "rec_each": document["recognition_bonus"]["each"], "rec_cap": document["recognition_bonus"]["cap"],
            "cert_each": document["certification_bonus"]["each"],
            "cert_cap": document["certification_bonus"]["cap"], "listed_grade": document["listed_grade"]}
    for level, field in LEVEL_FIELDS.items():
        form[field] = document["inspection_penalty"][level]
    bands = {b["grade"]: b for b in document["bands"]}
    for grade in scheme_docs.GRADES:
        band = bands.get(grade, {})
        for end in ("min", "max"):
            value = band.get(end)
            form[band_field(grade, end)] = "" if value is None else value
    return {k: "" if v is None else str(v) for k, v in form.items()}


def _number(text: str, label: str, errors: dict, field: str, *, negative: bool = False):
    text = str(text or "").strip()
    sign = -1 if text.startswith("-") else 1
    if sign < 0 and not negative and text[1:].isdecimal():
        errors[field] = f"{label}不能为负数（实际为 {text[:20]}）：扣分和加分都填正数。"
        return None
    digits = text[1:] if sign < 0 else text
    if not digits.isdecimal() or len(digits) > 6:
        errors[field] = f"{label}应为整数（如 5），实际为“{text[:20]}”。" if text else f"请填写{label}。"
        return None
    return sign * int(digits)


def document_from_form(data) -> tuple[dict | None, dict[str, str]]:
    """(document, errors by field). The document is None when a field is bad; otherwise it is checked by
    `schemes.parse`, whose message goes under `bands` or `general`."""
    errors: dict[str, str] = {}
    values = {f: _number(data.get(f), label, errors, f) for f, label in NUMBER_FIELDS.items()}
    bands = []
    for grade in scheme_docs.GRADES:
        low_text = str(data.get(band_field(grade, "min")) or "").strip()
        high_text = str(data.get(band_field(grade, "max")) or "").strip()
        if not low_text and not high_text:
            continue  # a grade the scheme does not use
        low = (_number(low_text, f"等级 {grade} 的下限", errors, band_field(grade, "min"), negative=True)
               if low_text else None)
        high = (_number(high_text, f"等级 {grade} 的上限", errors, band_field(grade, "max"), negative=True)
                if high_text else None)
        bands.append({"grade": grade, "min": low, "max": high})
    if errors:
        return None, errors
    document = {
        "format": 1, "window_years": values["window_years"], "start": values["start"],
        "inspection_penalty": {level: values[field] for level, field in LEVEL_FIELDS.items()},
        "case_penalty": {"移送司法": values["case_transferred"], "未移送": values["case_other"]},
        "recognition_bonus": {"each": values["rec_each"], "cap": values["rec_cap"]},
        "certification_bonus": {"each": values["cert_each"], "cap": values["cert_cap"]},
        "bands": bands, "listed_grade": str(data.get("listed_grade") or "").strip(),
    }
    try:
        scheme_docs.parse(document)
    except ValidationError as exc:
        message = " ".join(exc.messages)
        errors["bands" if ("分段" in message or "等级" in message) else "general"] = message
        return None, errors
    return document, errors
