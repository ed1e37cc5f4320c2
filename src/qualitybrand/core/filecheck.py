"""What an uploaded 佐证材料 / 申报材料 file really is, judged by its content, not its name.

Every material upload (planning evidence, indicator evidence, cultivation materials) calls
`check_material`: the bytes decide the type (PDF, PNG, JPEG, OLE2 Word/Excel, and zip containers
told apart by their [Content_Types].xml: .docx, .xlsx, or OFD by its OFD.xml), and the name's
extension must be one the content may carry. A program renamed to .pdf or .docx is refused with a
Chinese message, as is a macro-enabled Office file or an archive carrying programs.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError

LABELS = {".pdf": "PDF", ".png": "PNG 图片", ".jpg": "JPG 图片", ".jpeg": "JPG 图片", ".doc": "Word",
          ".docx": "Word", ".xls": "Excel", ".xlsx": "Excel", ".ofd": "OFD", ".zip": "ZIP 压缩包"}
# content kind -> the extensions a file of that content may have
EXTENSIONS = {"pdf": {".pdf"}, "png": {".png"}, "jpeg": {".jpg", ".jpeg"}, "ole": {".doc", ".xls"},
              "docx": {".docx"}, "xlsx": {".xlsx"}, "ofd": {".ofd"}, "zip": {".zip"}}
KIND_LABELS = {"pdf": "PDF 文件", "png": "PNG 图片", "jpeg": "JPG 图片", "ole": "旧版 Word/Excel 文件",
               "docx": "Word 文档（.docx）", "xlsx": "Excel 工作簿（.xlsx）", "ofd": "OFD 版式文件",
               "zip": "ZIP 压缩包"}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")
# Inside a .zip: names of programs and scripts that a material never needs.
EXECUTABLE_SUFFIXES = {".exe", ".dll", ".com", ".scr", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js",
                       ".jse", ".wsf", ".hta", ".lnk", ".jar", ".sh", ".apk", ".elf", ".so", ".cpl"}
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CONTENT_TYPES_MAX = 1024 * 1024  # [Content_Types].xml is a few kB; more is not an Office file
MAX_MEMBERS = 10000


def _zip_kind(upload) -> str | None:
    """docx / xlsx / ofd / zip for a readable zip container, None for a broken one."""
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                return None
            names = {i.filename for i in infos}
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > CONTENT_TYPES_MAX:
                    return None
                text = archive.read(info).decode("utf-8", "replace")
                if DOCX_MAIN in text:
                    return "docx"
                if XLSX_MAIN in text:
                    return "xlsx"
                return "office-other"  # macro-enabled, template, presentation …
            if "OFD.xml" in names:
                return "ofd"
            if any(Path(n).suffix.lower() in EXECUTABLE_SUFFIXES for n in names):
                return "zip-programs"
            return "zip"
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, KeyError):
        return None


def sniff(upload) -> str | None:
    """The kind of content of a file-like object (left at position 0), or None if unknown."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    try:
        if head.startswith(EXECUTABLE_MAGIC):
            return "program"
        if head.startswith(b"%PDF"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return "ole"
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return _zip_kind(upload)
        if b"%PDF-" in head:  # readers accept a PDF header anywhere in the first kilobyte
            return "pdf"
        return None
    finally:
        upload.seek(0)


def check_material(upload, allowed: set[str], max_bytes: int, *, what: str = "材料") -> str:
    """Refuse (ValidationError, Chinese) a file whose content is not one of the `allowed` extensions'
    or does not match its own extension; returns the lower-case extension."""
    name = Path(getattr(upload, "name", "") or "").name
    suffix = Path(name).suffix.lower()
    types = "、".join(sorted({LABELS.get(e, e.lstrip(".")) for e in allowed}))
    if suffix not in allowed:
        raise ValidationError(f"文件“{name}”的类型不支持：{what}请上传 {types} 文件。")
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise ValidationError(f"文件“{name}”是空文件：请选择有内容的文件。")
    if size > max_bytes:
        raise ValidationError(f"文件“{name}”大小 {size / 1048576:.1f} MB，超过 {max_bytes // 1048576} MB 的上限。")
    kind = sniff(upload)
    if kind == "program":
        raise ValidationError(f"文件“{name}”是可执行程序，不是{LABELS.get(suffix, suffix)}文件：已拒绝上传。")
    if kind == "zip-programs":
        raise ValidationError(f"压缩包“{name}”中含有可执行程序或脚本：已拒绝上传，请只打包文档和图片。")
    if kind == "office-other":
        raise ValidationError(f"文件“{name}”不是普通的 .docx/.xlsx 文档（可能含宏或是模板）：请另存为"
                              f"“Word 文档”或“Excel 工作簿”后上传。")
    if kind is None:
        raise ValidationError(f"文件“{name}”的内容无法识别为{LABELS.get(suffix, suffix)}文件（文件可能已损坏"
                              f"或只是改了扩展名）：请上传真实的 {types} 文件。")
    if suffix not in EXTENSIONS[kind]:
        raise ValidationError(f"文件“{name}”的内容是{KIND_LABELS[kind]}，与扩展名 {suffix} 不符：请改正扩展名"
                              f"或上传真实的{LABELS.get(suffix, suffix)}文件。")
    return suffix
