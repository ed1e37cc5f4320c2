import pytest

from tests.factories import EntityFactory, UserFactory
from tests.tracing.factories import event


@pytest.fixture
def flow(regions):
    """Mill M (秦州区) makes F1 and sells to wholesaler W (麦积区), who sells to retailer R (清水县) and to
    a stall by name; R sells to shop S (清水县). A second unit G1 stays in 麦积区."""
    qz, mj, qs = regions["620502"], regions["620503"], regions["620521"]
    e = {"M": EntityFactory(region=qz, name="秦州面粉厂"), "W": EntityFactory(region=mj, name="麦积批发部"),
         "R": EntityFactory(region=qs, name="清水超市"), "S": EntityFactory(region=qs, name="清水便利店")}
    event("生产", e["M"], "F1", quantity=1000, product="面粉", batch="B20140101")
    event("销售", e["M"], "F1", counterparty=e["W"], quantity=600, product="面粉", batch="B20140101")
    event("销售", e["W"], "F1", counterparty=e["R"], quantity=200, product="面粉", batch="B20140101")
    event("销售", e["W"], "F1", name="城南摊位", quantity=50, product="面粉", batch="B20140101")
    event("销售", e["R"], "F1", counterparty=e["S"], quantity=20, product="面粉", batch="B20140101")
    event("生产", e["W"], "G1", quantity=5, product="挂面", batch="G1")
    return e


@pytest.fixture
def users(regions, flow):
    return {
        "city": UserFactory(role="city_admin", region=regions["620500"]),
        "qz": UserFactory(role="county", region=regions["620502"]),
        "mj": UserFactory(role="county", region=regions["620503"]),
        "wuzhan": UserFactory(role="county", region=regions["620524"]),
        "W": UserFactory(role="enterprise", region=regions["620503"], entity=flow["W"]),
        "R": UserFactory(role="enterprise", region=regions["620521"], entity=flow["R"]),
    }
