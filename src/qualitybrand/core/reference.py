"""Reference data every deployment holds from `migrate` on: departments and Nice class headings."""

DEPARTMENTS = [
    ("market", "市场监管", "市场监督管理局"),
    ("development", "发改", "发展和改革委员会"),
    ("housing", "住建", "住房和城乡建设局"),
    ("environment", "环保", "生态环境局"),
    ("agriculture", "农业农村", "农业农村局"),
    ("industry", "工信", "工业和信息化局"),
    ("commerce", "商务", "商务局"),
    ("culture", "文旅", "文化和旅游局"),
    ("statistics", "统计", "统计局"),
    ("science", "科技", "科学技术局"),
    ("finance", "财政", "财政局"),
    ("forestry", "林业", "林业和草原局"),
]

# 《类似商品和服务区分表》 class headings (CNIPA), abridged to the heading sentence.
NICE_CLASSES = {
    1: "用于工业、科学、摄影、农业、园艺和林业的化学品",
    2: "颜料，清漆，漆；防锈剂和木材防腐剂；着色剂",
    3: "不含药物的化妆品和梳洗用制剂；不含药物的牙膏；香料，香精油；清洁、擦亮、去渍及研磨用制剂",
    4: "工业用油和油脂，蜡；润滑剂；燃料和照明材料；照明用蜡烛和灯芯",
    5: "药品，医用和兽医用制剂；医用卫生制剂；膳食补充剂；消毒剂；杀真菌剂，除莠剂",
    6: "普通金属及其合金，金属矿石；金属建筑材料；金属小五金具；存储和运输用金属容器",
    7: "机器，机床，电动工具；马达和引擎（陆地车辆用的除外）；农业器具；孵化器；自动售货机",
    8: "手工具和器具（手动的）；刀、叉和勺餐具；除火器外的随身武器；剃刀",
    9: "科学、测量、视听、光学、信号、检验用装置及仪器；计算机软件；计算机和计算机外围设备；灭火设备",
    10: "外科、医疗、牙科和兽医用仪器及器械；假肢，假眼和假牙；矫形用物品；缝合用材料",
    11: "照明、加热、冷却、蒸汽发生、烹饪、干燥、通风、供水以及卫生用装置和设备",
    12: "运载工具；陆、空、海用运载装置",
    13: "火器；军火及弹药；炸药；烟火",
    14: "贵金属及其合金；首饰，宝石和半宝石；钟表和计时仪器",
    15: "乐器；乐谱架和乐器架；指挥棒",
    16: "纸和纸板；印刷品；书籍装订材料；照片；文具和办公用品（家具除外）；绘画材料；教学用品",
    17: "未加工和半加工的橡胶、古塔胶、树胶、石棉、云母及其代用品；包装、填充和绝缘用材料；非金属软管",
    18: "皮革和人造皮革；动物皮；行李箱和背包；雨伞和阳伞；手杖；鞭，马具和鞍具",
    19: "非金属的建筑材料；建筑用非金属刚性管；柏油，沥青；可移动非金属建筑物；非金属碑",
    20: "家具，镜子，相框；存储或运输用非金属容器；未加工或半加工的骨、角、贝壳",
    21: "家用或厨房用器具和容器；梳子和海绵；刷子；清洁用具；玻璃器皿、瓷器和陶器",
    22: "绳索和细绳；网；帐篷和防水遮布；帆；衬垫和填充材料；纺织用纤维原料",
    23: "纺织用纱和线",
    24: "织物及其替代品；家庭日用纺织品；纺织品制或塑料制帘",
    25: "服装，鞋，帽",
    26: "花边，编带和刺绣品；纽扣，领钩扣，饰针和缝针；人造花；发饰；假发",
    27: "地毯，地席，亚麻油地毡及其他铺在已建成地板上的材料；非纺织品制壁挂",
    28: "游戏器具和玩具；视频游戏装置；体育和运动用品；圣诞树用装饰品",
    29: "肉，鱼，家禽和野味；腌渍、冷冻、干制及煮熟的水果和蔬菜；蛋；奶和奶制品；食用油和油脂",
    30: "咖啡，茶，可可；米，面条；面粉和谷类制品；面包、糕点和甜食；糖，蜂蜜；调味品",
    31: "未加工的农业、水产养殖业、园艺、林业产品；新鲜水果和蔬菜；种子；活动物；动物饲料；麦芽",
    32: "啤酒；无酒精饮料；矿泉水和汽水；水果饮料及果汁",
    33: "含酒精的饮料（啤酒除外）；制饮料用含酒精制剂",
    34: "烟草和烟草代用品；香烟和雪茄；烟具；火柴",
    35: "广告；商业经营、组织和管理；办公事务",
    36: "金融、货币和银行服务；保险服务；不动产服务",
    37: "建筑服务；安装和修理服务；采矿，石油和天然气钻探",
    38: "电信服务",
    39: "运输；商品包装和贮藏；旅行安排",
    40: "材料处理；废物和垃圾的回收利用；空气净化和水处理；印刷；食物和饮料的保存",
    41: "教育；提供培训；娱乐；文体活动",
    42: "科学技术服务和与之相关的研究与设计服务；质量控制和质量认证服务；计算机硬件与软件的设计与开发",
    43: "提供食物和饮料服务；临时住宿",
    44: "医疗服务；兽医服务；卫生和美容服务；农业、水产养殖、园艺和林业服务",
    45: "法律服务；安全服务；交友服务，婚姻服务；丧葬服务；照看房屋服务；服装出租",
}


def ensure_reference_data(department_model=None, nice_class_model=None) -> None:
    """Departments and Nice classes present (the migration loads them; a flushed database gets them back)."""
    if department_model is None or nice_class_model is None:
        from qualitybrand.core.models import Department, NiceClass

        department_model, nice_class_model = Department, NiceClass
    for code, name, full_name in DEPARTMENTS:
        department_model.objects.update_or_create(code=code, defaults={"name": name, "full_name": full_name})
    for number, heading in NICE_CLASSES.items():
        nice_class_model.objects.update_or_create(number=number, defaults={"heading": heading})


def builtin_department_places(keys: list[str]) -> list[str]:
    """A department of the table above keeps its code and name: `ensure_reference_data` finds it by
    code and writes the name back (core.references, for both `department_code` and `department`)."""
    builtin = [(code, name) for code, name, _full in DEPARTMENTS if code in keys or name in keys]
    return [f"系统参考数据（内置部门表：{name}，代码 {code}）" for code, name in builtin]
