"""Material uploads are judged by content: real files of each type pass, a renamed program or a file
whose content does not match its extension is refused with a Chinese message."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitybrand.core.filecheck import check_material, sniff

ALLOWED = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".zip"}
LIMIT = 20 * 1024 * 1024
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program cannot be run in DOS mode"


def xlsx_bytes() -> bytes:
    import openpyxl

    buf = io.BytesIO()
    book = openpyxl.Workbook()
    book.active["A1"] = "佐证"
    book.save(buf)
    return buf.getvalue()


def docx_bytes() -> bytes:
    import docx

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("佐证材料")
    document.save(buf)
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


REAL = {
    "报告.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    "照片.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20,
    "照片.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20,
    "照片.jpeg": b"\xff\xd8\xff\xe1\x00\x10Exif\x00" + b"\x00" * 20,
    "旧表.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    "旧文.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    "公文.ofd": zip_bytes({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<x/>"}),
    "打包.zip": zip_bytes({"a.pdf": b"%PDF-1.4", "b.jpg": b"\xff\xd8\xff"}),
}


@pytest.mark.parametrize("name", list(REAL))
def test_real_files_pass(name):
    assert check_material(SimpleUploadedFile(name, REAL[name]), ALLOWED, LIMIT) == "." + name.rsplit(".", 1)[1]


def test_real_office_files_pass_and_are_told_apart():
    assert check_material(SimpleUploadedFile("表.xlsx", xlsx_bytes()), ALLOWED, LIMIT) == ".xlsx"
    assert check_material(SimpleUploadedFile("文.docx", docx_bytes()), ALLOWED, LIMIT) == ".docx"
    upload = SimpleUploadedFile("文.xlsx", docx_bytes())
    assert sniff(upload) == "docx" and upload.tell() == 0
    with pytest.raises(ValidationError, match="内容是Word 文档（.docx），与扩展名 .xlsx 不符"):
        check_material(upload, ALLOWED, LIMIT)


@pytest.mark.parametrize("name", ["申报书.pdf", "报告.docx", "表.xlsx", "照片.jpg", "公文.ofd", "打包.zip", "旧文.doc"])
def test_a_renamed_program_is_refused(name):
    with pytest.raises(ValidationError) as info:
        check_material(SimpleUploadedFile(name, EXE), ALLOWED, LIMIT)
    assert "可执行程序" in info.value.messages[0] and name in info.value.messages[0]


@pytest.mark.parametrize("name, data, words", [
    ("图.png", REAL["报告.pdf"], "内容是PDF 文件，与扩展名 .png 不符"),
    ("表.xlsx", zip_bytes({"x.txt": b"x"}), "内容是ZIP 压缩包，与扩展名 .xlsx 不符"),
    ("宏.xlsx", zip_bytes({"[Content_Types].xml": b'<Override ContentType="application/vnd.ms-excel.sheet.'
                                                     b'macroEnabled.main+xml"/>'}), "可能含宏"),
    ("坏.docx", b"PK\x03\x04 broken zip", "无法识别"),
    ("网页.pdf", b"<html><script>alert(1)</script></html>", "无法识别为PDF文件"),
    ("打包.zip", zip_bytes({"readme.txt": b"x", "setup.exe": EXE}), "含有可执行程序或脚本"),
    ("程序.exe", EXE, "类型不支持"),
    ("空.pdf", b"", "空文件"),
])
def test_mismatched_or_dangerous_content_is_refused(name, data, words):
    with pytest.raises(ValidationError) as info:
        check_material(SimpleUploadedFile(name, data), ALLOWED, LIMIT)
    assert words in info.value.messages[0]


def test_planning_evidence_checks_content():
    from qualitybrand.planning import services as planning

    with pytest.raises(ValidationError, match="可执行程序"):
        planning.check_evidence(SimpleUploadedFile("制度.docx", EXE))
