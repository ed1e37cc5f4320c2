"""Pages speak Chinese and name records by their names: no internal codes (prov_famous_tm, the
“uscc|product” key of a recognition, ledger codes), no Python words (None, True, False, object),
and every mention of an entity links to the entity's page (issue 16, item 5)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from qualitybrand.cultivation.models import RewardPayment
from qualitybrand.registry.models import Program
from tests.api import factories as af
from tests.cultivation.factories import make_application, make_call
from tests.factories import EntityFactory, TrademarkFactory
from tests.planning.factories import round_of

# Words that must never reach a page's visible text: Python's, and the prefixes of program codes.
DENIED = re.compile(r"\b(object|None|True|False)\b|prov_|city_|nat_")
VISIBLE_ATTRS = {"title", "placeholder", "aria-label", "alt"}


class _Text(HTMLParser):
    """The text a user sees: element text (not scripts or styles) and the attributes shown on hover."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self.hidden += 1
        self.parts += [v for k, v in attrs if k in VISIBLE_ATTRS and v]

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def links_to(html: str, url: str, text: str) -> bool:
    """Whether the page has <a href="url"> whose text contains `text`."""
    return re.search(rf'<a [^>]*href="{re.escape(url)}"[^>]*>[^<]*{re.escape(text)}', html) is not None


@pytest.fixture
def city(db, regions, settings):
    settings.QB_TODAY = dt.date(2014, 7, 10)
    return build_city(regions)


def build_city(regions) -> dict:
    """A firm of 秦州区 with a trademark, recognitions (by trademark, product, entity), rewards, one
    record of every registry and supervision ledger, an application and a round."""
    q = regions["620502"]
    firm = EntityFactory(region=q, name="天水嘉志机床股份有限公司")
    famous = Program.objects.create(code="prov_famous_tm", name="省著名商标", object_kind="商标", level="省",
                                    validity_years=3, reward=5)
    product = Program.objects.create(code="prov_brand_product", name="省名牌产品", object_kind="产品", level="省",
                                     validity_years=3, reward=5)
    award = Program.objects.create(code="city_quality_award", name="市政府质量奖", object_kind="企业", level="市",
                                   reward=10)
    mark = TrademarkFactory(holder=firm, name="嘉志", number="702476")
    by_mark = af.RecognitionFactory(entity=firm, program=famous, trademark=mark, object_key=mark.number, year=2013)
    by_product = af.RecognitionFactory(entity=firm, program=product, product_name="液压机",
                                       object_key=f"{firm.uscc}|液压机", year=2014)
    af.RecognitionFactory(entity=firm, program=award, year=2013)
    RewardPayment.objects.create(program=product, entity=firm, recognition=by_product, object_key=by_product.object_key,
                                 year=2014, amount=5, region=q)
    RewardPayment.objects.create(program=famous, entity=firm, recognition=by_mark, object_key=mark.number,
                                 year=2013, amount=5, region=q)
    records = {
        "patent": af.PatentFactory(applicant=firm),
        "certification": af.CertificationFactory(entity=firm),
        "standard": af.StandardFactory(entity=firm),
        "pledge": af.PledgeFactory(pledgor=firm),
        "service": af.ServiceFactory(entity=firm),
        "publicity": af.PublicityFactory(region=q),
        "inspection": af.InspectionFactory(entity=firm, conclusion="不合格", failed_items="标志"),
        "incident": af.IncidentFactory(region=q),
        "case": af.CaseFactory(party=firm, region=q),
        "blacklist": af.BlacklistFactory(entity=firm),
    }
    records["pledge"].trademarks.add(mark)
    call = make_call(regions["620500"], [famous], year=2014, opening=dt.date(2014, 6, 1))
    app = make_application(call, famous, firm, trademark=mark)
    rnd = round_of("620502", "620503")
    return {"firm": firm, "mark": mark, "famous": famous, "by_mark": by_mark, "by_product": by_product,
            "application": app, "round": rnd, **records}


def pages(c) -> dict[str, str]:
    """Every list and detail page (one record each) that names the firm."""
    out = {}
    for slug in ("entities", "programs", "trademarks", "recognitions", "patents", "certifications", "standards",
                 "pledges", "services", "publicity"):
        out[f"/registry/{slug}/"] = "list"
    for slug in ("inspections", "incidents", "cases", "blacklist"):
        out[f"/supervision/{slug}/"] = "list"
    for obj in (c["firm"], c["famous"], c["mark"], c["by_mark"], c["by_product"], c["patent"], c["certification"],
                c["standard"], c["pledge"], c["service"], c["publicity"], c["inspection"], c["incident"], c["case"],
                c["blacklist"], c["application"], c["round"]):
        out[obj.get_absolute_url()] = "detail"
    out["/cultivation/applications/"] = "list"
    out["/cultivation/rewards/"] = "list"
    out["/ledgers/"] = "import"
    out["/ledgers/history/"] = "list"
    return out


NO_FIRM = {"/registry/programs/", "/registry/publicity/", "/supervision/incidents/", "/ledgers/", "/ledgers/history/"}


def test_pages_name_records_in_chinese_and_link_the_entity(city, client, city_user):
    client.force_login(city_user)
    firm = city["firm"]
    firm_url = firm.get_absolute_url()
    own_pages = {firm_url, city["famous"].get_absolute_url(), city["publicity"].get_absolute_url(),
                 city["incident"].get_absolute_url(), city["round"].get_absolute_url()}
    for url in pages(city):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        text = visible_text(html)
        if url == city["famous"].get_absolute_url():
            # the program's own page may keep its code, as the last detail only (the import column)
            assert "prov_famous_tm" not in text.split("项目代码")[0], url
            text = text.replace("prov_famous_tm", "")
        found = DENIED.search(text)
        assert found is None, f"{url}: “{found.group(0)}” in {text[max(0, found.start() - 60):found.end() + 60]!r}"
        assert "|液压机" not in text and firm.uscc + "|" not in text, url
        if url not in own_pages and url not in NO_FIRM:
            assert links_to(html, firm_url, firm.name), f"{url}: {firm.name} is not linked to {firm_url}"


def test_references_link_to_their_records(city, client, city_user):
    client.force_login(city_user)
    mark, famous, firm = city["mark"], city["famous"], city["firm"]
    rec = client.get(city["by_mark"].get_absolute_url()).content.decode()
    assert links_to(rec, famous.get_absolute_url(), "省著名商标")
    assert links_to(rec, mark.get_absolute_url(), "嘉志（702476）")
    assert "<dt>项目级别：</dt>" in rec and "<dt>名称：</dt>" not in rec  # not a bare “名称” beside a code
    # a trademark's holder, a pledge's trademarks
    assert links_to(client.get(mark.get_absolute_url()).content.decode(), firm.get_absolute_url(), firm.name)
    assert links_to(client.get(city["pledge"].get_absolute_url()).content.decode(), mark.get_absolute_url(), "嘉志")
    case = client.get(city["case"].get_absolute_url()).content.decode()
    assert "<dt>区划：</dt>" in case and "区划代码" not in case  # the field's name, not its API help text
    # list cells: the holder, the program and the trademark of each row
    recs = client.get("/registry/recognitions/").content.decode()
    assert links_to(recs, famous.get_absolute_url(), "省著名商标") and links_to(recs, mark.get_absolute_url(), "702476")
    assert links_to(recs, city["by_mark"].get_absolute_url(), "查看")
    # the program page: its name and level in the header card, no code there
    prog = client.get(famous.get_absolute_url()).content.decode()
    card = prog.split('class="rec-codes"')[1].split("</div>")[0]
    assert "prov_famous_tm" not in card and "级别" in card
    assert "项目代码" not in client.get("/registry/programs/").content.decode()


def test_rewards_name_the_entity_trademark_and_product(city, client, city_user):
    client.force_login(city_user)
    html = client.get("/cultivation/rewards/").content.decode()
    firm = city["firm"]
    assert links_to(html, firm.get_absolute_url(), firm.name)
    assert links_to(html, city["by_product"].get_absolute_url(), "液压机")
    assert links_to(html, city["mark"].get_absolute_url(), "嘉志")
    assert links_to(html, city["famous"].get_absolute_url(), "省著名商标")
    assert f"{firm.uscc}|液压机" not in html


def test_round_columns_carry_the_item_names(city, client, city_user):
    client.force_login(city_user)
    html = client.get(city["round"].get_absolute_url()).content.decode()
    head = html.split("<thead>")[1].split("</thead>")[0]
    assert re.search(r"M1\s*<span[^>]*>工作机制建设</span>", head)
    assert re.search(r"C1\s*<span[^>]*>查处案件结案数</span>", head)


def test_import_page_names_ledgers_in_chinese(city, client, city_user):
    client.force_login(city_user)
    text = visible_text(client.get("/ledgers/").content.decode())
    assert "市场主体" in text and "荣誉认定" in text
    assert not re.search(r"\b(entities|trademarks|recognitions|indicator_values|blacklist)\b", text)


def test_form_labels_are_names_and_hints_stay_hints(city, client, city_user):
    client.force_login(city_user)
    html = client.get("/registry/recognitions/new/").content.decode()
    labels = re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    texts = [re.sub(r"<[^>]+>|\*", "", label) for label in labels]
    assert "商标：" in texts and "主体：" in texts, texts
    assert not any("必填" in t or "统一社会信用代码" in t for t in texts), texts
    assert '<div class="field-hint">商标注册号（商标类项目必填）</div>' in html
    pledge = client.get("/registry/pledges/new/").content.decode()
    assert re.search(r'<label for="id-pledgor">.*?出质人：</label>', pledge)
