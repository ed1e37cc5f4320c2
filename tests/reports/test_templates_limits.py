"""Office templates cannot make unbounded work: the sandbox refuses the operators that build huge values in one
step, and the render runs in a child process whose memory, CPU and output are capped, so a template that loops or
concatenates its way to gigabytes ends the child with a Chinese message, never the worker."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from qualitybrand.reports import office_templates as ot
from tests.reports.factories_templates import TEST_KIND, docx_of, kind_context, texts_of

pytestmark = pytest.mark.django_db

CTX = kind_context(type("R", (), {"year": 2013, "region": None})())


@pytest.mark.parametrize("text, message", [
    ('{% set s = "a" * 3000 %}{{ s|replace("", s)|length }}', "替换生成的内容过长"),
    ('{{ ("%09999999d" % 1)|length }}', "不允许使用 % 格式化文字"),
    ("{% set a = ((9 ** 64) ** 64) ** 64 %}{{ 1 }}", "乘方的结果过大"),
])
def test_operators_that_build_huge_values_are_refused_at_upload(text, message):
    problems = ot.check_template(TEST_KIND, docx_of([text]), context=CTX)
    assert problems and message in "".join(problems)


def test_a_small_replace_and_a_number_modulo_still_work():
    out = ot.render_template(docx_of(['{{ "天水市"|replace("市", "县") }} {{ 7 % 3 }}']), CTX)
    assert "天水县 1" in " ".join(texts_of(out))


def test_doubling_past_the_memory_cap_ends_the_child_not_the_worker(settings):
    text = '{% set s = "a" * 100000 %}' + "{% set s = s ~ s %}" * 26 + "{{ s|length }}"  # 6.7 GB of text
    with pytest.raises(ValidationError) as exc:
        ot.render_template(docx_of([text]), CTX)
    assert "超出了允许的大小或计算时间" in "".join(exc.value.messages)
    # the worker is fine and renders the next template
    assert "2013年" in " ".join(texts_of(ot.render_template(docx_of(["{{ 年度 }}年"]), CTX)))


def test_a_render_error_inside_the_child_keeps_its_chinese_message():
    with pytest.raises(ValidationError) as exc:
        ot.render_template(docx_of(["{{ 1 / 0 }}"]), CTX)
    message = "".join(exc.value.messages)
    assert message and "超出了允许的大小" not in message  # the sandbox's own explanation, not the child's end
