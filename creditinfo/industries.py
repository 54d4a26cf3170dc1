"""The 21 industry groups: the sections A-U of ISIC Rev. 4 (the UN classification the seed's
"21大类行业" maps onto), with Chinese and English names."""

INDUSTRY_GROUPS = [
    ("A", "农、林、牧、渔业", "Agriculture, forestry and fishing"),
    ("B", "采矿业", "Mining and quarrying"),
    ("C", "制造业", "Manufacturing"),
    ("D", "电力、燃气、蒸汽和空调供应业", "Electricity, gas, steam and air conditioning supply"),
    ("E", "供水、污水处理、废物管理和补救", "Water supply, sewerage, waste management and remediation"),
    ("F", "建筑业", "Construction"),
    ("G", "批发和零售业", "Wholesale and retail trade"),
    ("H", "运输和仓储业", "Transportation and storage"),
    ("I", "住宿和餐饮业", "Accommodation and food service activities"),
    ("J", "信息和通信业", "Information and communication"),
    ("K", "金融和保险业", "Financial and insurance activities"),
    ("L", "房地产业", "Real estate activities"),
    ("M", "专业、科学和技术活动", "Professional, scientific and technical activities"),
    ("N", "行政和辅助服务活动", "Administrative and support service activities"),
    ("O", "公共管理和国防", "Public administration and defence"),
    ("P", "教育", "Education"),
    ("Q", "人体健康和社会工作", "Human health and social work activities"),
    ("R", "艺术、娱乐和文娱活动", "Arts, entertainment and recreation"),
    ("S", "其他服务活动", "Other service activities"),
    ("T", "家庭雇主活动", "Activities of households as employers"),
    ("U", "国际组织和机构活动", "Activities of extraterritorial organizations and bodies"),
]
