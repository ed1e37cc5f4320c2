"""The upload check and the sandbox of offices' .docx templates (office_templates.check_template / render)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from jinja2.exceptions import TemplateRuntimeError

from qualitybrand.reports import office_templates as ot
from qualitybrand.reports.kinds import DocRequest
from tests.reports.factories_templates import TEST_KIND, docx_of, kind_context, texts_of

CTX = kind_context(DocRequest(kind=TEST_KIND.code, region=None, year=2013))


def check(paragraphs, **kw):
    return ot.check_template(TEST_KIND, docx_of(paragraphs, **kw), context=CTX)


def test_syntax_error_names_the_paragraph_and_its_text():
    problems = check(["标题", "全市{{ 年度 }年商标", "结尾"])
    # docxtpl joins the text up to the next }} (here: the end), so the quoted text runs on
    assert problems == ["正文第 2 段「全市{{ 年度 }年商标结尾」附近：缺少 }}（或多了一个 }）。"]


def test_unclosed_block_says_which_end_tag_is_missing():
    problems = check(["{% if 年度 %}", "有数据"])
    assert len(problems) == 1
    assert "缺少 {% endif %}" in problems[0] and "正文第" in problems[0]


def test_syntax_error_in_header_names_the_header():
    problems = check(["{{ 年度 }}"], header="页眉 {{ 年度 ")
    assert len(problems) == 1 and problems[0].startswith("页眉第 1 段「页眉 {{ 年度」附近")


@pytest.mark.parametrize("text, expected", [
    ("{{ 县区.__class__ }}", "不允许访问属性「.__class__」"),
    ("{{ ''.__class__.__mro__ }}", "不允许访问属性「.__mro__」"),
    ("{{ 县区.mro }}", "不允许访问属性「.mro」"),
    ("{{ 县区['__len__'] }}", "不允许访问「__len__」"),
    ("{% include 'other.xml' %}", "不允许使用 {% include %}"),
    ("{% extends 'other.xml' %}", "不允许使用 {% extends %}"),
    ("{% import 'm.xml' as m %}", "不允许使用 {% import %}"),
    ("{% set __x = 年度 %}", "不允许赋值给以下划线开头的名称「__x」"),
    ("{{ 区划.upper() }}", "不允许调用函数或方法「….upper(…)」"),
    ("{{ 年度|attr('real') }}", "不支持过滤器「|attr」"),
])
def test_forbidden_constructs_are_refused_with_their_paragraph(text, expected):
    problems = check(["第一段", text])
    assert any(expected in p and p.startswith("正文第 2 段") for p in problems), problems


def test_x_dunder_class_is_refused_and_x_named_as_unknown():
    problems = check(["{{ x.__class__ }}"])
    assert any("「.__class__」" in p for p in problems)
    assert any("「x」不是年度工作总结提供的数据项" in p for p in problems)


def test_unknown_field_is_refused_naming_it():
    problems = check(["{{ 年度 }}", "{{ 商标总数 }}"])
    assert problems == ["正文第 2 段「{{ 商标总数 }}」附近：「商标总数」不是年度工作总结提供的数据项"
                        "（可用的数据项见“下载示例模板”）。"]


def test_loop_variables_and_loop_counter_are_not_unknown():
    assert check(["{%p for r in 县区 %}", "{{ loop.index }}. {{ r.名称 }}", "{%p endfor %}"]) == []


def test_trial_render_refuses_a_key_the_rows_do_not_have():
    problems = check(["{%p for r in 县区 %}", "{{ r.人口 }}", "{%p endfor %}"])
    assert len(problems) == 1 and "数据中没有「人口」" in problems[0]


def test_valid_template_renders_the_context_values():
    data = docx_of(["{{ 区划 }}{{ 年度 }}年有效注册商标{{ 商标数 }}件。", "{%p for r in 县区 %}",
                    "{{ loop.index }}. {{ r.名称 }}：{{ r.商标数 }}件", "{%p endfor %}"])
    assert ot.check_template(TEST_KIND, data, context=CTX) == []
    out = ot.render_template(data, dict(CTX, 区划="天水市 & <郊区>"))
    assert texts_of(out) == ["天水市 & <郊区>2013年有效注册商标1828件。", "1. 秦州区：600件", "2. 麦积区：400件"]


def test_none_shows_a_dash():
    out = ot.render_template(docx_of(["商标数：{{ 商标数 }}"]), dict(CTX, 商标数=None))
    assert texts_of(out) == ["商标数：—"]


def test_sandbox_blocks_attributes_of_other_objects_at_render_time():
    # even if the static check were passed, the environment refuses: nothing but dict keys and list items
    env = ot.TemplateSandbox(strict=True)
    with pytest.raises(TemplateRuntimeError):
        env.from_string("{{ x.real }}").render(x=5)
    with pytest.raises(TemplateRuntimeError):
        env.from_string("{{ x.__class__ }}").render(x={"a": 1})
    with pytest.raises(TemplateRuntimeError):
        env.from_string("{{ x.keys }}").render(x={"a": 1})
    with pytest.raises(TemplateRuntimeError):
        env.from_string("{{ ('a' * 1000) * 1000 }}").render()
    assert env.from_string("{{ x.a }}{{ y[1] }}{{ z|join('、') }}").render(x={"a": 1}, y=[0, 2], z=["甲", "乙"]) \
        == "12甲、乙"
    assert "range" not in env.globals and "lipsum" not in env.globals


def test_render_error_is_a_validation_error_in_chinese():
    with pytest.raises(ValidationError) as exc:
        ot.render_template(docx_of(["{{ 年度 / 0 }}"]), CTX)
    assert "数据与模板的用法不符" in exc.value.messages[0]


def test_non_docx_files_are_refused():
    assert "不是 .docx 文件" in ot.check_template(TEST_KIND, b"%PDF-1.4 hello", name="a.pdf")[0]
    assert "不是有效的 Word 文档" in ot.check_template(TEST_KIND, b"%PDF-1.4 hello", name="a.docx")[0]
    assert "空文件" in ot.check_template(TEST_KIND, b"", name="a.docx")[0]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "x")
    assert "不是有效的 Word 文档" in ot.check_template(TEST_KIND, buf.getvalue(), name="a.docx")[0]


def test_too_large_file_is_refused(settings):
    settings.QB_TEMPLATE_MAX_BYTES = 10_000
    data = docx_of(["{{ 年度 }}"])
    assert len(data) > 10_000
    assert "超过模板文件" in ot.check_template(TEST_KIND, data)[0]


def test_zip_bomb_member_is_refused():
    data = docx_of(["{{ 年度 }}"])
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("word/media/blank.bin", b"\0" * (40 * 1024 * 1024))
    problems = ot.check_template(TEST_KIND, buf.getvalue())
    assert "压缩比异常" in problems[0]


def test_sample_template_passes_the_check_and_renders_rows_as_a_table():
    data = ot.sample_template(TEST_KIND, CTX)
    assert ot.check_template(TEST_KIND, data, context=CTX) == []
    from docx import Document

    out = Document(io.BytesIO(ot.render_template(data, CTX)))
    assert [[c.text for c in r.cells] for r in out.tables[0].rows] == [["名称", "商标数"], ["秦州区", "600"],
                                                                       ["麦积区", "400"]]
    text = "\n".join(p.text for p in out.paragraphs)
    assert "有效注册商标（件）：1828" in text


def test_sample_template_without_context_lists_every_field():
    data = ot.sample_template(TEST_KIND)
    assert ot.check_template(TEST_KIND, data) == []
    text = "\n".join(texts_of(data))
    for name, meaning in TEST_KIND.fields:
        assert f"{meaning}：{{{{ {name} }}}}" in text
