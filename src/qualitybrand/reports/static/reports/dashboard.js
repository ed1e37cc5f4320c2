/* Dashboard charts (ECharts, served locally). One palette, Chinese labels, units in axis names.
   Every bar or point opens the records behind it: `urls` parallel to each series' values (None = nothing
   to open), or `url` on a funnel item; the tables under the charts carry the same links for the keyboard. */
(function () {
  var el = document.getElementById("dash-data");
  if (!el || !window.echarts) return;
  var data = JSON.parse(el.textContent);
  var palette = ["#1f5fa8", "#e08a1e", "#2e8b57", "#8e44ad", "#c0392b", "#16a085"];
  var charts = [];
  function make(id, option, urls) {
    var node = document.getElementById(id);
    if (!node) return;
    var chart = echarts.init(node, null, {renderer: "svg"});
    option.color = palette;
    option.textStyle = {fontSize: 14};
    fitForPrint(chart, node);
    chart.setOption(option);
    chart.on("click", function (p) {
      var url = p.data && p.data.url ? p.data.url : (urls && urls[p.seriesIndex] ? urls[p.seriesIndex][p.dataIndex] : null);
      if (url) window.location.href = url;
    });
    charts.push(chart);
  }
  /* Printing scales the drawn SVG to the page (a viewBox kept equal to the drawing's size). */
  function fitForPrint(chart, node) {
    function fit() {
      var svg = node.querySelector("svg");
      if (svg && svg.getAttribute("width")) svg.setAttribute("viewBox", "0 0 " + svg.getAttribute("width") + " " + svg.getAttribute("height"));
    }
    fit();
    chart.on("finished", fit);
  }
  function pct(v) { return v === null || v === undefined ? "—" : (Math.round(v * 10) / 10).toFixed(1); }
  var counts = data.trends.filter(function (t) { return t.unit !== "%"; });
  var rates = data.trends.filter(function (t) { return t.unit === "%"; });
  make("chart-trend", {
    tooltip: {trigger: "axis"}, legend: {top: 0},
    grid: {left: 60, right: 60, top: 80, bottom: 30},
    xAxis: {type: "category", data: data.years, name: "年度"},
    yAxis: [{type: "value", name: "件"}, {type: "value", name: "%", max: 100}],
    series: counts.map(function (t) {
      return {name: t.name, type: "bar", data: t.values, label: {show: true, position: "top"}, cursor: "pointer"};
    }).concat(rates.map(function (t) {
      return {name: t.name, type: "line", yAxisIndex: 1, data: t.values.map(function (v) { return v === null ? null : Number(pct(v)); }),
              label: {show: true, formatter: "{c}%"}, symbol: "triangle", symbolSize: 9, cursor: "pointer"};
    }))
  }, counts.map(function (t) { return t.urls; }).concat(rates.map(function (t) { return t.urls; })));
  if (data.compare.regions.length) {
    var first = data.compare.series.filter(function (s) { return s.unit !== "%"; })[1] || data.compare.series[0];
    make("chart-compare", {
      tooltip: {trigger: "axis"}, grid: {left: 100, right: 40, top: 30, bottom: 30},
      xAxis: {type: "value", name: first.unit}, yAxis: {type: "category", data: data.compare.regions, inverse: true},
      series: [{name: first.name, type: "bar", data: first.values, label: {show: true, position: "right"}, cursor: "pointer"}],
      title: {text: first.name + "（" + first.unit + "）", textStyle: {fontSize: 14}, left: "center"}
    }, [first.urls]);
  }
  /* Tiers as pyramids: national at the top (narrowest), then provincial, then city; labels carry the counts. */
  make("chart-tiers", {
    tooltip: {trigger: "item", formatter: function (p) { return p.seriesName + "<br>" + p.name + "：" + p.data.real + " 件"; }},
    series: data.tiers.map(function (t, k) {
      var width = 100 / data.tiers.length;
      return {name: t.title, type: "funnel", sort: "ascending", left: (k * width + 2) + "%", width: (width - 4) + "%",
              top: 30, bottom: 10, minSize: "30%", gap: 2, cursor: "pointer",
              label: {show: true, position: "inside", color: "#fff", formatter: function (p) { return p.name + "\n" + p.data.real + " 件"; }},
              data: t.items.map(function (i, n) {
                return {name: i.name, value: n + 1, real: i.value, url: i.url, itemStyle: {color: palette[n % palette.length]}};
              })};
    }),
    title: data.tiers.map(function (t, k) {
      var width = 100 / data.tiers.length;
      return {text: t.title, left: (k * width + width / 2) + "%", textAlign: "center", top: 0, textStyle: {fontSize: 14}};
    })
  });
  make("chart-insp", {
    tooltip: {trigger: "axis", valueFormatter: function (v) { return pct(v) + "%"; }},
    grid: {left: 50, right: 20, top: 30, bottom: 30},
    xAxis: {type: "category", data: data.inspection.levels, name: "级别"},
    yAxis: {type: "value", name: "合格率（%）", max: 100},
    series: [{name: "合格率", type: "bar", data: data.inspection.values.map(function (v) { return v === null ? null : Number(pct(v)); }),
              label: {show: true, position: "top", formatter: "{c}%"}, cursor: "pointer",
              itemStyle: {decal: {symbol: "rect", dashArrayX: [1, 0], dashArrayY: [2, 4]}}}]
  }, [data.inspection.urls]);
  /* On screen the charts follow the window; in print the drawing is scaled into the page (print.css, viewBox). */
  window.addEventListener("resize", function () {
    if (window.matchMedia && window.matchMedia("print").matches) return;  // printing: keep the drawing, scaled
    charts.forEach(function (c) {
      c.resize();
      var svg = c.getDom().querySelector("svg");
      if (svg && svg.getAttribute("width")) svg.setAttribute("viewBox", "0 0 " + svg.getAttribute("width") + " " + svg.getAttribute("height"));
    });
  });
})();
