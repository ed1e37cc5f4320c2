"""Choice lists of the ledgers. Stored values are the Chinese labels (the API speaks them too)."""

from django.db import models


def _c(*labels: str) -> list[tuple[str, str]]:
    return [(label, label) for label in labels]


ENTITY_KINDS = _c("企业", "个体工商户", "农民专业合作社", "其他")
ENTITY_SCALES = _c("大型", "中型", "小型", "微型")
PROGRAM_OBJECT_KINDS = _c("商标", "产品", "企业")
PROGRAM_LEVELS = _c("市", "省", "国家")
MARK_TYPES = _c("普通商标", "集体商标", "证明商标")
RECOGNITION_METHODS = _c("行政认定", "司法认定", "评审认定")
PATENT_TYPES = _c("发明", "实用新型", "外观设计")
PATENT_STATUSES = _c("审中", "有效", "失效")
CERT_TYPES = _c("有机产品", "绿色食品", "良好农业规范", "食品农产品认证", "ISO9001", "ISO14001", "ISO45001",
                "HACCP", "卓越绩效", "其他")
STANDARD_LEVELS = _c("国际", "国家", "行业", "地方", "团体", "企业")
STANDARD_WORK_TYPES = _c("制定", "修订", "采用国际标准")
INSPECTION_LEVELS = _c("国家", "省", "市", "县")
CONCLUSIONS = _c("合格", "不合格")
INCIDENT_DOMAINS = _c("食品", "药品", "特种设备", "工业产品", "建设工程", "其他")
INCIDENT_GRADES = _c("一般", "较大", "重大", "特别重大")
CASE_TYPES = _c("商标侵权", "假冒专利", "假冒伪劣", "质量违法", "其他")
CASE_SOURCES = _c("12315", "12365", "举报", "监督检查", "抽查", "移交", "其他")
SERVICE_TYPES = _c("质量帮扶", "标准化", "计量", "认证", "商标指导", "专利指导", "特种设备", "其他")
BLACKLIST_REMOVALS = _c("期满移出", "信用修复", "撤销")

# Slugs used in indicator codes (indicators.md).
CERT_TYPE_SLUGS = {
    "organic": "有机产品", "green_food": "绿色食品", "gap": "良好农业规范", "food_agri": "食品农产品认证",
    "iso9001": "ISO9001", "iso14001": "ISO14001", "iso45001": "ISO45001", "haccp": "HACCP",
    "excellence": "卓越绩效", "other": "其他",
}
STANDARD_LEVEL_SLUGS = {
    "international": "国际", "national": "国家", "industry": "行业", "local": "地方", "group": "团体",
    "enterprise": "企业",
}
INSPECTION_LEVEL_SLUGS = {"national": "国家", "provincial": "省", "city": "市", "county": "县"}


class Amount(models.DecimalField):
    """An amount in 万元 (ten thousand yuan)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 6)
        super().__init__(*args, **kwargs)
