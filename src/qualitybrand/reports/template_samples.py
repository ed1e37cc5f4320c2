"""The sample template of a document kind: a .docx listing every field as {{ name }} with its meaning, so an
office starts its own template from something that works."""

from __future__ import annotations

import io


def sample_template(kind, context: dict | None = None) -> bytes:
    """A .docx that lists every field of the kind as {{ name }} with its meaning: a start that works. With a
    context (real data), a list of rows becomes a table repeated per row and a dict lists its keys."""
    from qualitybrand.core import gbdocx

    doc = gbdocx.document()
    gbdocx.title(doc, f"{kind.label}（示例模板）")
    gbdocx.para(doc, "本文件由平台生成，列出本文书可用的全部数据项。用 Word/WPS 修改版式和文字后另存为 .docx 上传即可；"
                     "双花括号中的名称会在生成文书时替换为平台计算的数值（写法见上传页面的说明）。")
    gbdocx.heading(doc, "一、数据项")
    context = context or {}
    for field, meaning in kind.fields:
        value = context.get(field)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            keys = [k for k in value[0] if isinstance(k, str) and not k.startswith("_")]
            gbdocx.para(doc, f"{meaning}（每行一项）：")
            table = gbdocx.table(doc, keys, [[f"{{%tr for 行 in {field} %}}"] + [""] * (len(keys) - 1),
                                             [f"{{{{ 行.{k} }}}}" for k in keys],
                                             ["{%tr endfor %}"] + [""] * (len(keys) - 1)])
            del table  # the rows stay in the document
        elif isinstance(value, list):
            gbdocx.para(doc, f"{meaning}：{{{{ {field}|join(\"、\") }}}}")
        elif isinstance(value, dict):
            parts = "；".join(f"{k}：{{{{ {field}.{k} }}}}" for k in value if isinstance(k, str)
                             and not k.startswith("_"))
            gbdocx.para(doc, f"{meaning}：{parts}")
        else:
            gbdocx.para(doc, f"{meaning}：{{{{ {field} }}}}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
