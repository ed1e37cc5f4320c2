/* 投诉举报统计 charts (ECharts, served locally): rates by county, channels, the 12-month trend. */
(function () {
  var el = document.getElementById("cs-data");
  if (!el || !window.echarts) return;
  var data = JSON.parse(el.textContent);
  var palette = ["#1f5fa8", "#e08a1e", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400"];
  var charts = [];
  function pct(v) { return v === null || v === undefined ? null : Math.round(v * 10) / 10; }
  function make(id, option) {
    var node = document.getElementById(id);
    if (!node) return;
    var chart = echarts.init(node, null, {renderer: "svg"});
    option.color = palette;
    option.textStyle = {fontSize: 14};
    chart.setOption(option);
    charts.push(chart);
  }
  var decals = [{symbol: "rect"}, {symbol: "circle", dashArrayX: [1, 0], dashArrayY: [2, 5]}, {symbol: "triangle"}];
  make("chart-counties", {
    aria: {enabled: true, decal: {show: true}},
    tooltip: {trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : pct(v).toFixed(1) + "%"; }},
    legend: {top: 0}, grid: {left: 60, right: 20, top: 40, bottom: 40},
    xAxis: {type: "category", data: data.counties, axisLabel: {interval: 0}},
    yAxis: {type: "value", name: "%", max: 100},
    series: data.rates.map(function (r, k) {
      return {name: r.name, type: "bar", data: r.values.map(pct), itemStyle: {decal: decals[k]},
              label: {show: true, position: "top", formatter: function (p) { return p.value === null ? "—" : p.value.toFixed(1); }}};
    })
  });
  make("chart-channels", {
    tooltip: {trigger: "item", formatter: "{b}：{c} 件（{d}%）"},
    series: [{type: "pie", radius: ["35%", "65%"], data: data.channels, label: {formatter: "{b}\n{c} 件"}}]
  });
  make("chart-trend", {
    tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 60, right: 60, top: 40, bottom: 40},
    xAxis: {type: "category", data: data.months, name: "月份"},
    yAxis: [{type: "value", name: "件"}, {type: "value", name: "%", max: 100}],
    series: [
      {name: "投诉举报受理量", type: "bar", data: data.received, label: {show: true, position: "top"}},
      {name: "投诉按时受理率", type: "line", yAxisIndex: 1, data: data.accept_rate.map(pct), symbol: "triangle", symbolSize: 9},
      {name: "按期办结率", type: "line", yAxisIndex: 1, data: data.close_rate.map(pct), symbol: "rect", symbolSize: 8,
       lineStyle: {type: "dashed"}}
    ]
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
