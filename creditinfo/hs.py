"""HS headings (4 digits) of goods China commonly exports, with Chinese and English names.

The buyer finder lets an exporter type a product name in either language instead of an HS code;
the name is matched against these headings (and against the product names in the trade records).
The list is a convenience, not a tariff: any HS code works when typed as digits.
"""

HS_HEADINGS = [
    ("0306", "甲壳动物", "Crustaceans"),
    ("0703", "洋葱、大蒜", "Onions and garlic"),
    ("0902", "茶叶", "Tea"),
    ("1604", "制作或保藏的鱼", "Prepared or preserved fish"),
    ("2008", "制作的水果、坚果", "Prepared fruit and nuts"),
    ("2918", "羧酸", "Carboxylic acids"),
    ("2933", "杂环化合物", "Heterocyclic compounds"),
    ("3004", "药品", "Medicaments"),
    ("3808", "杀虫剂、除草剂", "Insecticides and herbicides"),
    ("3920", "塑料板、片、膜", "Plastic plates, sheets and film"),
    ("3926", "其他塑料制品", "Other articles of plastics"),
    ("4011", "新的充气橡胶轮胎", "New pneumatic rubber tyres"),
    ("4202", "箱包", "Trunks, suitcases and handbags"),
    ("5407", "合成纤维长丝机织物", "Woven fabrics of synthetic filament yarn"),
    ("6109", "T恤衫、汗衫", "T-shirts and vests"),
    ("6110", "针织套头衫", "Jerseys and pullovers"),
    ("6203", "男式西服套装", "Men's suits and trousers"),
    ("6204", "女式套装、连衣裙", "Women's suits and dresses"),
    ("6302", "床上、餐桌用织物制品", "Bed, table and toilet linen"),
    ("6402", "橡胶或塑料鞋", "Footwear with rubber or plastic soles"),
    ("6403", "皮鞋", "Footwear with leather uppers"),
    ("6907", "陶瓷砖", "Ceramic tiles"),
    ("6911", "瓷餐具", "Porcelain tableware"),
    ("7013", "玻璃器皿", "Glassware"),
    ("7210", "镀层轧钢板", "Coated flat-rolled steel"),
    ("7308", "钢结构及其部件", "Steel structures"),
    ("7318", "螺钉、螺栓、螺母", "Screws, bolts and nuts"),
    ("7326", "其他钢铁制品", "Other articles of iron or steel"),
    ("7604", "铝型材", "Aluminium bars and profiles"),
    ("8413", "液体泵", "Pumps for liquids"),
    ("8415", "空气调节器", "Air conditioners"),
    ("8418", "冰箱、冷冻设备", "Refrigerators and freezers"),
    ("8427", "叉车", "Fork-lift trucks"),
    ("8429", "推土机、挖掘机", "Bulldozers and excavators"),
    ("8443", "打印机、复印机", "Printers and copiers"),
    ("8450", "洗衣机", "Washing machines"),
    ("8471", "计算机", "Computers"),
    ("8479", "其他专用机器", "Other special-purpose machines"),
    ("8481", "阀门、龙头", "Taps, cocks and valves"),
    ("8482", "滚动轴承", "Ball and roller bearings"),
    ("8501", "电动机及发电机", "Electric motors and generators"),
    ("8504", "变压器、变流器", "Transformers and static converters"),
    ("8507", "蓄电池", "Electric accumulators (batteries)"),
    ("8516", "电热器具", "Electric heating appliances"),
    ("8517", "电话机及通信设备", "Telephones and communication equipment"),
    ("8523", "存储介质", "Recording media"),
    ("8525", "摄像机、发射设备", "Cameras and transmission apparatus"),
    ("8528", "监视器、电视机", "Monitors and television receivers"),
    ("8536", "开关、插头插座", "Switches, plugs and sockets"),
    ("8541", "光伏电池、半导体器件", "Photovoltaic cells and semiconductor devices"),
    ("8542", "集成电路", "Integrated circuits"),
    ("8544", "电线、电缆", "Insulated wire and cable"),
    ("8703", "小轿车", "Motor cars"),
    ("8708", "汽车零部件", "Motor vehicle parts"),
    ("8711", "摩托车", "Motorcycles"),
    ("8712", "自行车", "Bicycles"),
    ("9013", "液晶装置、激光器", "Liquid crystal devices and lasers"),
    ("9018", "医疗器械", "Medical instruments"),
    ("9401", "座具", "Seats and chairs"),
    ("9403", "其他家具", "Other furniture"),
    ("9405", "灯具及照明装置", "Lamps and lighting fittings"),
    ("9503", "玩具", "Toys"),
    ("9506", "运动用品", "Sports equipment"),
]

HEADING_NAMES = {code: (zh, en) for code, zh, en in HS_HEADINGS}


# the words people use for a whole trade rather than a heading ("Vietnam and 服装"), each with the
# headings it covers
TRADE_WORDS: dict[str, tuple[str, ...]] = {
    "服装": ("6109", "6110", "6203", "6204"),
    "clothing": ("6109", "6110", "6203", "6204"),
    "garments": ("6109", "6110", "6203", "6204"),
    "apparel": ("6109", "6110", "6203", "6204"),
    "纺织": ("5407", "6302"),
    "textiles": ("5407", "6302"),
    "鞋": ("6402", "6403"),
    "shoes": ("6402", "6403"),
    "家具": ("9401", "9403"),
    "家电": ("8415", "8418", "8450", "8516"),
    "home appliances": ("8415", "8418", "8450", "8516"),
    "电子": ("8471", "8517", "8523", "8525", "8528", "8541", "8542"),
    "electronics": ("8471", "8517", "8523", "8525", "8528", "8541", "8542"),
    "机械": ("8413", "8427", "8429", "8479", "8481", "8482"),
    "machinery": ("8413", "8427", "8429", "8479", "8481", "8482"),
    "汽车": ("8703", "8708"),
    "钢铁": ("7210", "7308", "7318", "7326"),
    "steel": ("7210", "7308", "7318", "7326"),
    "陶瓷": ("6907", "6911"),
    "ceramics": ("6907", "6911"),
    "食品": ("0306", "0703", "0902", "1604", "2008"),
    "food": ("0306", "0703", "0902", "1604", "2008"),
    "化工": ("2918", "2933", "3808"),
    "chemicals": ("2918", "2933", "3808"),
    "塑料": ("3920", "3926"),
    "光伏": ("8541",),
    "solar": ("8541",),
}


def headings_matching(text: str) -> list[str]:
    """The headings whose Chinese or English name contains the text (case-insensitive), and those
    of a trade named by it ("服装", "garments")."""
    needle = (text or "").strip().casefold()
    if not needle:
        return []
    found = [code for code, zh, en in HS_HEADINGS if needle in zh.casefold() or needle in en.casefold()]
    for word, codes in TRADE_WORDS.items():
        if needle == word or (len(needle) >= 2 and word in needle):
            found += codes
    return list(dict.fromkeys(found))


def heading_name(hs_code: str, language: str = "zh") -> str:
    names = HEADING_NAMES.get((hs_code or "")[:4])
    if not names:
        return ""
    return names[1] if language.startswith("en") else names[0]
