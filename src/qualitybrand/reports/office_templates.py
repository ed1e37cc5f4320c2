"""Offices' own .docx templates (docxtpl, sandboxed; issue 17 § 3, reports.md § Documents).

- The sandbox (`TemplateSandbox`): a Jinja environment that looks up only keys of the dicts and items of the
  lists of the context (`kind.context(req)`, plain values) and the few attributes of a for-loop's `loop`;
  no attribute of any other object, no `_`-names, no call of anything, only the whitelisted filters and
  tests, no globals (`range`, `lipsum`, … are gone), XML autoescape, `None` shown as “—”.
- The check at upload (`check_template(kind, data, context=None) -> [Chinese problem]`): the file is a real
  .docx within the size and zip limits, the Jinja source docxtpl builds from each part parses (a syntax error
  names the part, the paragraph and its text), every name used is one of `kind.fields`, no forbidden
  construct; with a `context`, a trial render with StrictUndefined.
- The lookup used by document generation: `active_template(kind, region)` (the region's office, else the
  nearest office above) and `render_for(req, ctx) -> bytes | None` (None: use the built-in layout).
- The writes (`upload`, `activate`, `deactivate`, `delete`), change-logged through core.services; a refused
  upload saves nothing.
"""

from __future__ import annotations

import html
import io
import os
import re
import uuid
import zipfile
import zlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from jinja2 import TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, UndefinedError

from qualitybrand.core import changelog, filecheck
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.scoping import has_scoped_role, may_create_in
from qualitybrand.core.services import ensure_may_change
from qualitybrand.reports import kinds
from qualitybrand.reports.models import OfficeTemplate
from qualitybrand.reports.template_samples import sample_template  # noqa: F401 - the pages use it
from qualitybrand.reports.template_sandbox import (  # noqa: F401 - the names tests and pages use
    ALLOWED_FILTERS,
    ALLOWED_TESTS,
    LOOP_ATTRS,
    MAX_OUTPUT_ITEMS,
    TemplateSandbox,
)

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 5 * MB
MAX_UNPACKED = 60 * MB          # the whole .docx unpacked
MAX_XML_PART = 8 * MB           # one XML part (the template source Jinja parses)
MAX_RATIO = 100                 # compression ratio of a large member
RATIO_FROM = 2 * MB
MAX_MEMBERS = 2000
OFFICE_ROLES = {Role.CITY_ADMIN, Role.COUNTY}

FORBIDDEN_ATTRS = {"mro", "format", "format_map", "func_globals", "gi_frame", "f_globals", "f_locals",
                   "im_func", "cr_frame", "ag_frame", "tb_frame", "globals", "builtins"}
FORBIDDEN_TAGS = {nodes.Include: "{% include %}", nodes.Extends: "{% extends %}", nodes.Import: "{% import %}",
                  nodes.FromImport: "{% from … import %}", nodes.Macro: "{% macro %}",
                  nodes.CallBlock: "{% call %}"}

PART_LABELS = {"body": "正文", "header": "页眉", "footer": "页脚", "footnotes": "脚注", "properties": "文档属性"}
HEADER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
PROPERTIES = ["author", "comments", "identifier", "language", "subject", "title"]


def max_bytes() -> int:
    return int(getattr(settings, "QB_TEMPLATE_MAX_BYTES", None) or DEFAULT_MAX_BYTES)


# --- the .docx as Jinja sources ----------------------------------------------------------------------------

class Source:
    """One part's Jinja source as docxtpl renders it (paragraphs start a line, as in render_xml_part)."""

    def __init__(self, part: str, text: str, partname: str = ""):
        self.part = part
        self.partname = partname
        self.text = re.sub(r"<w:p([ >])", r"\n<w:p\1", text) if part != "properties" else text
        self.lines = self.text.splitlines() or [""]

    def where(self, lineno: int | None) -> str:
        """“正文第 3 段「{{ 年度 }」附近” for a line of this source."""
        label = PART_LABELS[self.part]
        if self.part == "properties":
            return f"{label}「{_cut(self.text)}」中"
        if not lineno:
            return f"{label}中"
        lineno = min(max(lineno, 1), len(self.lines))
        paragraph = sum(1 for line in self.lines[:lineno] if line.startswith(("<w:p ", "<w:p>")))
        text = _plain(self.lines[lineno - 1])
        back = lineno - 1
        while not text and back > 0:  # an error at the end of the part: the last paragraph with text
            back -= 1
            text = _plain(self.lines[back])
            paragraph = sum(1 for line in self.lines[:back + 1] if line.startswith(("<w:p ", "<w:p>")))
        if paragraph == 0:
            return f"{label}开头"
        return f"{label}第 {paragraph} 段「{_cut(text)}」附近" if text else f"{label}第 {paragraph} 段附近"


def _plain(xml_line: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", xml_line)).strip()


def _cut(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _sources(tpl) -> list[Source]:
    """The Jinja sources of every part docxtpl renders: body, headers, footers, footnotes, properties."""
    from docx.oxml import parse_xml

    tpl.init_docx()
    out = [Source("body", tpl.patch_xml(tpl.get_xml()), "body")]
    for uri, part in ((HEADER_URI, "header"), (FOOTER_URI, "footer")):
        for _rel, target in tpl.get_headers_footers(uri):
            xml = tpl.xml_to_string(parse_xml(target.blob))
            out.append(Source(part, tpl.patch_xml(xml), str(target.partname)))
    for part in tpl.docx.part.package.parts:
        if part.content_type == FOOTNOTES_TYPE:
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            out.append(Source("footnotes", tpl.patch_xml(blob), str(part.partname)))
    for prop in PROPERTIES:
        value = getattr(tpl.docx.core_properties, prop) or ""
        if "{" in value:
            out.append(Source("properties", value, prop))
    return out


# --- the check at upload ---------------------------------------------------------------------------------

def check_file(data: bytes, name: str = "模板.docx") -> list[str]:
    """Size, a real .docx (zip with word/document.xml), zip-bomb limits. Problems in Chinese."""
    limit = max_bytes()
    if not data:
        return [f"文件“{name}”是空文件：请选择有内容的 .docx 文件。"]
    if len(data) > limit:
        return [f"文件“{name}”大小 {len(data) / MB:.1f} MB，超过模板文件 {limit / MB:g} MB 的上限。"]
    if Path(name).suffix.lower() != ".docx":
        return [f"文件“{name}”不是 .docx 文件：模板请用 Word/WPS 另存为“Word 文档（*.docx）”后上传。"]
    kind = filecheck.sniff(io.BytesIO(data))
    if kind != "docx":
        what = filecheck.KIND_LABELS.get(kind or "", "无法识别的内容")
        if kind == "office-other":
            what = "含宏的文档或 Word 模板（.docm/.dotx）"
        return [f"文件“{name}”不是有效的 Word 文档（.docx）：其内容是{what}。请用 Word/WPS 另存为 .docx 后上传。"]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                return [f"文件“{name}”的内部结构异常（含 {len(infos)} 个部件）：不是正常的 Word 文档。"]
            if "word/document.xml" not in {i.filename for i in infos}:
                return [f"文件“{name}”缺少正文部件（word/document.xml）：不是有效的 Word 文档。"]
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED:
                return [f"文件“{name}”解压后有 {unpacked / MB:.0f} MB，超过 {MAX_UNPACKED // MB} MB 的上限："
                        "请删除大图片等内容后再上传。"]
            for info in infos:
                if info.filename.endswith(".xml") and info.file_size > MAX_XML_PART:
                    return [f"文件“{name}”的部件 {info.filename} 解压后有 {info.file_size / MB:.0f} MB，超过 "
                            f"{MAX_XML_PART // MB} MB 的上限：模板的文字内容过多。"]
                if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    return [f"文件“{name}”的压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍）："
                            "不是正常的 Word 文档。"]
            archive.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError):
        return [f"文件“{name}”的压缩结构已损坏：请用 Word/WPS 重新保存为 .docx 后上传。"]
    return []


SYNTAX_MESSAGES = [
    (r"unexpected end of template, expected 'end of print statement'", "缺少 }}"),
    (r"unexpected end of template, expected 'end of statement block'", "缺少 %}"),
    (r"unexpected '}'", "缺少 }}（或多了一个 }）"),
    (r"unexpected '%'", "多余的 %，或 {% 与 %} 没有配对"),
    (r"expected token 'end of print statement', got '(.+)'", "{{ … }} 中「\\1」处语法有误（缺少 }} 或多了字符）"),
    (r"expected token 'end of statement block', got '(.+)'", "{% … %} 中「\\1」处语法有误（缺少 %} 或多了字符）"),
    (r"Encountered unknown tag '(\w+)'\. Jinja was looking for the following tags: (.+?)\. The innermost block "
     r"that needs to be closed is '(\w+)'", "标签「\\1」用错了位置：{% \\3 %} 还没有结束（需要 \\2）"),
    (r"Encountered unknown tag '(\w+)'", "不认识的标签 {% \\1 %}"),
    (r"Unexpected end of template\..*The innermost block that needs to be closed is '(\w+)'",
     "缺少 {% end\\1 %}：{% \\1 %} 块没有结束"),
    (r"Unexpected end of template\. Jinja was looking for the following tags: (.+?)\.",
     "缺少结束标签（需要 \\1）：有一个 {% … %} 块没有结束"),
    (r"unexpected char '(.)'", "无法识别的字符「\\1」（请检查是否误用了全角符号）"),
    (r"unexpected end of template", "模板意外结束：有未闭合的 {{ 或 {%"),
    (r"tag name expected", "{% 之后缺少标签名"),
    (r"expected an expression, got '(.+)'", "缺少表达式（在「\\1」之前）"),
    (r"unexpected '(.+)'", "多余的「\\1」"),
]


def _syntax_message(message: str) -> str:
    for pattern, text in SYNTAX_MESSAGES:
        found = re.search(pattern, message)
        if found:
            return found.expand(text).replace("'", "")
    return f"模板语法错误（{message}）"


def _call_text(node) -> str:
    target = node.node
    if isinstance(target, nodes.Name):
        return f"{target.name}(…)"
    if isinstance(target, nodes.Getattr):
        return f"….{target.attr}(…)"
    return "(…)"


def _forbidden(tree) -> list[tuple[int, str]]:
    """(line, why) of every construct the sandbox does not allow."""
    found = []
    for node in tree.find_all(nodes.Node):
        line = getattr(node, "lineno", None) or 1
        for klass, tag in FORBIDDEN_TAGS.items():
            if isinstance(node, klass):
                found.append((line, f"不允许使用 {tag}（模板只能使用本文书提供的数据）"))
        if isinstance(node, nodes.Getattr) and (node.attr.startswith("_") or node.attr in FORBIDDEN_ATTRS):
            found.append((line, f"不允许访问属性「.{node.attr}」"))
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            found.append((line, f"不允许访问「{node.arg.value}」"))
        elif isinstance(node, nodes.Name) and node.name.startswith("_"):
            verb = "赋值给" if node.ctx == "store" else "使用"
            found.append((line, f"不允许{verb}以下划线开头的名称「{node.name}」"))
        elif isinstance(node, nodes.Call):
            found.append((line, f"不允许调用函数或方法「{_call_text(node)}」"))
        elif isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
            found.append((line, f"不支持过滤器「|{node.name}」（可用：{'、'.join(sorted(ALLOWED_FILTERS))}）"))
        elif isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
            found.append((line, f"不支持判断「is {node.name}」"))
    return found


def _unknown_names(tree, fields: set[str]) -> list[tuple[int, str]]:
    try:
        unknown = meta.find_undeclared_variables(tree) - fields
    except TemplateError:  # an unknown filter or test: already refused by _forbidden
        return []
    lines: dict[str, int] = {}
    for node in tree.find_all(nodes.Name):
        if node.name in unknown and node.ctx == "load":
            lines.setdefault(node.name, node.lineno)
    return sorted((lines.get(name, 1), name) for name in unknown)


def check_template(kind, data: bytes, context: dict | None = None, name: str = "模板.docx") -> list[str]:
    """Every problem of an uploaded template for `kind` (a kinds.Kind), in Chinese; [] when it may be saved.
    With `context`, the template is also rendered once with StrictUndefined."""
    problems = check_file(data, name)
    if problems:
        return problems
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    try:
        sources = _sources(tpl)
    except Exception:  # python-docx refuses what Word would not open either
        return [f"文件“{name}”无法作为 Word 文档打开：请用 Word/WPS 重新保存为 .docx 后上传。"]
    env = TemplateSandbox(strict=True)
    fields = {field for field, _meaning in kind.fields}
    unknown_all: dict[str, str] = {}
    for source in sources:
        try:
            tree = env.parse(source.text)
        except TemplateSyntaxError as exc:
            problems.append(f"{source.where(exc.lineno)}：{_syntax_message(exc.message or '')}。")
            continue
        for line, why in _forbidden(tree):
            problems.append(f"{source.where(line)}：{why}。")
        for line, field in _unknown_names(tree, fields):
            unknown_all.setdefault(field, source.where(line))
    for field, where in unknown_all.items():
        problems.append(f"{where}：「{field}」不是{kind.label}提供的数据项（可用的数据项见“下载示例模板”）。")
    if problems or context is None:
        return problems
    try:
        render_template(data, context, strict=True)
    except ValidationError as exc:
        return list(exc.messages)
    return []


# --- rendering -----------------------------------------------------------------------------------------

def _template_line(exc: BaseException) -> int | None:
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _runtime_message(exc: BaseException) -> str:
    if isinstance(exc, UndefinedError):
        found = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", str(exc))
        missing = next((g for g in (found.groups() if found else ()) if g), "")
        return f"数据中没有「{missing}」" if missing else "用到了数据中没有的内容"
    if isinstance(exc, SecurityError):
        text = str(exc)
        return text if re.search(r"[\u4e00-\u9fff]", text) else "模板试图访问不允许的内容"
    if isinstance(exc, TypeError | ValueError | ZeroDivisionError | OverflowError):
        return f"数据与模板的用法不符（{type(exc).__name__}）"
    return f"模板错误（{type(exc).__name__}）"


RENDER_MEMORY_MB = 512    # beyond what the child inherited
RENDER_CPU_SECONDS = 20
RENDER_WALL_SECONDS = 60
RENDER_MAX_OUTPUT = 50 * 1024 * 1024


def render_template(data: bytes, context: dict, *, strict: bool = False) -> bytes:
    """The .docx rendered in the sandbox, in a forked child process whose memory, CPU time and output are
    capped: the sandbox forbids reading what it should not, but a template can still loop, concatenate or
    nest its way to gigabytes, and that must end the child, never the web or task worker. ValidationError
    (Chinese, naming where) when it cannot be rendered."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Linux has fork
        return _render(data, context, strict=strict)
    context_fork = multiprocessing.get_context("fork")
    receiver, sender = context_fork.Pipe(duplex=False)
    child = context_fork.Process(target=_render_child, daemon=True,
                                 args=(data, context, strict, sender, receiver, os.getpid()))
    child.start()
    sender.close()
    try:
        if not receiver.poll(RENDER_WALL_SECONDS):
            raise ValidationError(f"模板生成超过 {RENDER_WALL_SECONDS} 秒，已停止：请简化模板中的循环。")
        try:
            kind, payload = receiver.recv()
        except (EOFError, OSError, MemoryError):
            kind, payload = "died", None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    if kind == "ok":
        return payload
    if kind == "invalid":
        raise ValidationError(payload)
    raise ValidationError("模板生成的内容超出了允许的大小或计算时间（内存、CPU 或文件大小上限），已停止："
                          "请检查模板中的循环、重复和拼接。")


def _render_child(data, context, strict, sender, receiver, parent_pid) -> None:
    """In the forked child: no database, capped memory, CPU and output; leaves through os._exit."""
    try:
        receiver.close()
        import faulthandler
        import resource

        faulthandler.disable()  # an abort past the memory cap is expected here: the parent reports it
        from qualitybrand.ledgers.parsing import _cap_memory, _die_with_parent

        _die_with_parent(parent_pid)
        _cap_memory(RENDER_MEMORY_MB)
        resource.setrlimit(resource.RLIMIT_CPU, (RENDER_CPU_SECONDS, RENDER_CPU_SECONDS + 1))
        try:
            out = _render(data, context, strict=strict)
        except ValidationError as exc:
            sender.send(("invalid", "；".join(exc.messages)))
        else:
            sender.send(("ok", out) if len(out) <= RENDER_MAX_OUTPUT else ("died", None))
    except BaseException:  # noqa: BLE001 - memory, CPU or anything else: the parent says so in Chinese
        try:
            sender.send(("died", None))
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(0)


def _render(data: bytes, context: dict, *, strict: bool = False) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(data))
    env = TemplateSandbox(strict=strict)
    try:
        tpl.render(dict(context), jinja_env=env, autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
    except TemplateSyntaxError as exc:
        raise ValidationError(f"模板语法错误：{_syntax_message(exc.message or '')}。") from None
    except (TemplateError, TypeError, ValueError, ZeroDivisionError, OverflowError, SecurityError) as exc:
        where = "模板中"
        line = _template_line(exc)
        part = getattr(tpl, "current_rendering_part", None)
        if line and part is not None:
            try:
                where = _where_in_part(tpl, part, line)
            except Exception:  # the message stays without the paragraph
                where = "模板中"
        raise ValidationError(f"{where}：{_runtime_message(exc)}。") from None
    except MemoryError:  # past the child's cap: render_template reports it as such
        raise
    except Exception as exc:  # lxml / python-docx on the rendered XML
        raise ValidationError(f"模板生成的文档无法保存（{type(exc).__name__}）：请检查表格行、段落标签"
                              "（{%tr %}、{%p %}）是否成对。") from None
    return out.getvalue()


def _where_in_part(tpl, part, line: int) -> str:
    from docxtpl import DocxTemplate

    fresh = DocxTemplate(tpl.template_file)
    for source in _sources(fresh):
        if source.part == "body" and part is tpl.docx.part or source.partname == str(getattr(part, "partname", "")):
            return source.where(line)
    return "模板中"


# --- the lookup used by document generation ---------------------------------------------------------------

def active_template(kind: str, region):
    """The active OfficeTemplate for `kind` of `region`'s office (or the nearest office above), or None."""
    if region is None:
        return None
    codes = [c for c in region.path.strip("/").split("/") if c]
    found = list(OfficeTemplate.objects.filter(kind=kind, active=True, region__code__in=codes)
                 .select_related("region").order_by("-region__depth", "-uploaded_at", "-id")[:1])
    return found[0] if found else None


def render_for(req, ctx: dict) -> bytes | None:
    """The document rendered with the office's active template for req.kind and req.region, or None to
    use the built-in layout. A rendering error raises ValidationError with a Chinese message."""
    kind = kinds.get(req.kind)
    if kind is None or not kind.templatable or kind.fmt != "docx":
        return None
    template = active_template(req.kind, req.region)
    if template is None:
        return None
    try:
        with template.file.open("rb") as fh:
            data = fh.read()
    except OSError:
        raise ValidationError(f"{template.region.name}的模板“{template.name}”文件已丢失：请重新上传或停用该模板。"
                              ) from None
    try:
        return render_template(data, ctx)
    except ValidationError as exc:
        raise ValidationError(f"模板“{template.name}”生成失败：{exc.messages[0]}") from None


# --- writes ----------------------------------------------------------------------------------------------

def may_manage(user) -> bool:
    """City and county offices (bound to a region) manage their templates; a superuser too."""
    return has_scoped_role(user, OFFICE_ROLES)


def templates_for(user, action: str = VIEW):
    if not may_manage(user):
        return OfficeTemplate.objects.none()
    return OfficeTemplate.objects.for_user(user, action).select_related("region", "uploaded_by")


def templatable_kinds() -> list:
    return [k for k in kinds.all_kinds() if k.templatable and k.fmt == "docx"]


def upload(user, *, kind: str, name: str, upload_file, note: str = "", region=None,
           context: dict | None = None) -> OfficeTemplate:
    """Check and save an office's template (inactive until activated). ValidationError with every problem;
    nothing is saved then (no file, no row, no change-log entry)."""
    region = region or getattr(user, "region", None)
    if not may_manage(user) or region is None or not may_create_in(user, OfficeTemplate, region):
        raise PermissionDenied("您没有为该区划上传文书模板的权限。")
    spec = kinds.get(kind)
    if spec is None or not spec.templatable or spec.fmt != "docx":
        raise ValidationError("请选择可以使用自定义模板的文书类型。")
    name = (name or "").strip()
    note = (note or "").strip()
    problems = []
    if not name:
        problems.append("请填写模板名称。")
    elif len(name) > 100:
        problems.append(f"模板名称最多 100 字（现为 {len(name)} 字）。")
    if len(note) > 500:
        problems.append(f"说明最多 500 字（现为 {len(note)} 字）。")
    if upload_file is None:
        problems.append("请选择模板文件（.docx）。")
        raise ValidationError(problems)
    original = Path(getattr(upload_file, "name", "") or "模板.docx").name[:200]
    size = getattr(upload_file, "size", None)
    if size is not None and size > max_bytes():
        problems.append(f"文件“{original}”大小 {size / MB:.1f} MB，超过模板文件 {max_bytes() / MB:g} MB 的上限。")
        raise ValidationError(problems)
    upload_file.seek(0)
    data = upload_file.read(max_bytes() + 1)
    problems += check_template(spec, data, context=context, name=original)
    if problems:
        raise ValidationError(problems)
    template = OfficeTemplate(region=region, kind=kind, name=name, original_name=original, size=len(data),
                              note=note, uploaded_by=user, active=False)
    template.file.save(f"{uuid.uuid4().hex}.docx", ContentFile(data), save=False)
    stored = template.file.name
    try:
        with transaction.atomic():
            ensure_may_change(user, template)
            template.full_clean()
            template.save()
            changelog.record(user=user, action="create", obj=template, after=_snapshot(template),
                             reason="上传文书模板")
    except Exception:
        template.file.storage.delete(stored)
        raise
    return template


def _snapshot(template) -> dict:
    """The change-log form of a template (core.changelog.snapshot cannot serialise a FieldFile)."""
    fields = [f.name for f in OfficeTemplate._meta.concrete_fields if f.name != "file"]
    return changelog.snapshot(template, fields) | {"file": template.file.name or ""}


def _set_active(user, template, active: bool, reason: str) -> None:
    before = _snapshot(template)
    template.active = active
    template.save(update_fields=["active"])
    changelog.record(user=user, action="update", obj=template, before=before, after=_snapshot(template),
                     reason=reason)


def _ensure_change(user, template) -> None:
    if not templates_for(user, CHANGE).filter(pk=template.pk).exists():
        raise PermissionDenied("您没有修改该文书模板的权限。")


@transaction.atomic
def activate(user, template) -> OfficeTemplate:
    """Make `template` the one in use for its kind and region (the others of that kind and region stop)."""
    _ensure_change(user, template)
    others = OfficeTemplate.objects.select_for_update().filter(region=template.region_id, kind=template.kind,
                                                               active=True).exclude(pk=template.pk)
    for other in others:
        _set_active(user, other, False, f"启用模板“{template.name}”")
    if not template.active:
        _set_active(user, template, True, "启用模板")
    return template


@transaction.atomic
def deactivate(user, template) -> OfficeTemplate:
    """Stop using `template`: the kind goes back to the built-in layout (or the office above's template)."""
    _ensure_change(user, template)
    if template.active:
        _set_active(user, template, False, "停用模板，恢复内置模板")
    return template


def delete(user, template) -> None:
    _ensure_change(user, template)
    stored, storage = template.file.name, template.file.storage
    with transaction.atomic():
        entry = changelog.build_entry(user=user, action="delete", obj=template, before=_snapshot(template),
                                      after=None, reason="删除文书模板")
        template.delete()
        entry.save()
        changelog.bump_data_version()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
