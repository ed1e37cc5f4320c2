"""质量强市与品牌战略综合管理平台 (QualityBrand)."""
