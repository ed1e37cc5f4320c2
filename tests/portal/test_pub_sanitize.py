"""The rich-text sanitiser of portal pages against hostile HTML."""

import pytest

from qualitybrand.portal.sanitize import clean, safe_href


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<style>body{display:none}</style>",
    "<iframe src='https://evil.example'></iframe>",
    "<svg><script>alert(1)</script></svg>",
    "<object data='x.swf'></object><embed src='x.swf'>",
    "<template><img src=x onerror=alert(1)></template>",
    "<noscript><p>x</p></noscript>",
])
def test_dangerous_elements_go_with_their_content(hostile):
    out = clean(f"<p>前</p>{hostile}<p>后</p>")
    assert out == "<p>前</p><p>后</p>"


@pytest.mark.parametrize("hostile, expected", [
    ('<p onclick="alert(1)" onmouseover=alert(2)>文字</p>', "<p>文字</p>"),
    ('<p style="background:url(javascript:alert(1))" class="x" id="y">文字</p>', "<p>文字</p>"),
    ('<img src=x onerror=alert(1)>图', "图"),
    ('<a href="javascript:alert(1)">链接</a>', "<a>链接</a>"),
    ('<a href="JaVaScRiPt:alert(1)">链接</a>', "<a>链接</a>"),
    ('<a href="java\tscript:alert(1)">链接</a>', "<a>链接</a>"),
    ('<a href="&#106;avascript:alert(1)">链接</a>', "<a>链接</a>"),
    ('<a href=" javascript:alert(1)">链接</a>', "<a>链接</a>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">链接</a>', "<a>链接</a>"),
    ('<a href="vbscript:msgbox(1)">链接</a>', "<a>链接</a>"),
    ('<form action="/x"><input name="a"><button>提交</button></form>', "提交"),
    ("<!-- <script>alert(1)</script> -->文字", "文字"),
    ("<p>a &lt;script&gt; b</p>", "<p>a &lt;script&gt; b</p>"),
    ("<p>1 < 2 & 3</p>", "<p>1 &lt; 2 &amp; 3</p>"),
    ('<td colspan="2" onclick="x">x</td>', '<td colspan="2">x</td>'),
    ('<td colspan="99999">x</td>', "<td>x</td>"),
    ("<meta http-equiv=refresh content='0;url=https://evil.example'>文字", "文字"),
    ("<base href='https://evil.example/'>文字", "文字"),
    ("<p>未闭合<strong>加粗", "<p>未闭合<strong>加粗</strong></p>"),
    ("</p></div>多余的结束标记", "多余的结束标记"),
    ("<b>粗</b><i>斜</i><h1>标题</h1>", "<strong>粗</strong><em>斜</em><h2>标题</h2>"),
])
def test_hostile_attributes_and_markup(hostile, expected):
    assert clean(hostile) == expected


def test_allowed_subset_passes():
    html = ('<h2>一、总体要求</h2><p>按<a href="https://www.gov.cn/zhengce/">国务院</a>和<a href="/portal/news/">本站</a>'
            '要求，<strong>全面</strong><em>推进</em><u>质量</u>工作。<br></p><ul><li>一</li></ul><ol><li>二</li></ol>'
            '<table><thead><tr><th>指标</th></tr></thead><tbody><tr><td>值</td></tr></tbody></table>')
    out = clean(html)
    assert '<a href="https://www.gov.cn/zhengce/" rel="noopener noreferrer">国务院</a>' in out
    assert '<a href="/portal/news/" rel="noopener noreferrer">本站</a>' in out
    for tag in ["<h2>", "<strong>", "<em>", "<u>", "<br>", "<ul>", "<ol>", "<li>", "<table>", "<thead>", "<tbody>",
                "<tr>", "<th>", "<td>"]:
        assert tag in out


def test_output_is_stable():
    hostile = '<p onclick=x>a<script>b</script><a href="javascript:c">d</a><em>e'
    once = clean(hostile)
    assert clean(once) == once
    assert "script" not in once and "onclick" not in once and "javascript" not in once


@pytest.mark.parametrize("value, ok", [
    ("https://example.cn/a", True), ("http://example.cn", True), ("/portal/", True), ("page.html", True),
    ("#top", True), ("?page=2", True), ("//example.cn/x", True),
    ("javascript:x", False), ("JAVASCRIPT:x", False), ("\x01javascript:x", False), ("mailto:a@b.cn", False),
    ("file:///etc/passwd", False), ("a:b", False), ("", False), (None, False),
])
def test_safe_href(value, ok):
    assert (safe_href(value) is not None) == ok
