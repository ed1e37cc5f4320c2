"""PDF rendering of a .docx with LibreOffice headless (Debian's libreoffice-writer, with fonts-noto-cjk for
Chinese): the preview of every document, and the file of the documents printed as is (品牌画册). Where
LibreOffice is not installed, `available()` is False and pages say how to install it (INSTALL_HINT)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = ("本机未安装 LibreOffice，无法生成 PDF 预览。请管理员安装：sudo apt-get install "
                "libreoffice-writer-nogui fonts-noto-cjk（Debian/Ubuntu），安装后刷新本页即可。")
TIMEOUT = 120  # seconds for one conversion


class PdfUnavailable(Exception):
    """LibreOffice is missing or the conversion failed; the message is for the user (Chinese)."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def to_pdf(docx: bytes, name: str = "document") -> bytes:
    """The PDF of a .docx (bytes). Each conversion runs in its own profile directory, so that two at once
    never share LibreOffice's user installation (which would make the second one exit at once)."""
    binary = soffice()
    if binary is None:
        raise PdfUnavailable(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="qb-pdf-") as tmp:
        work = Path(tmp)
        source = work / f"{name}.docx"
        source.write_bytes(docx)
        try:
            subprocess.run([binary, f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                            "--norestore", "--convert-to", "pdf", "--outdir", str(work), str(source)],
                           check=True, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"PDF 转换超时（超过 {TIMEOUT} 秒），请稍后重试。") from None
        except (subprocess.CalledProcessError, OSError):
            raise PdfUnavailable("PDF 转换失败：LibreOffice 未能打开该文档。") from None
        out = work / f"{name}.pdf"
        if not out.exists():
            raise PdfUnavailable("PDF 转换失败：LibreOffice 没有生成文件。")
        return out.read_bytes()
