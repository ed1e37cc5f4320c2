(function () {
  var el = document.getElementById("cp-chart");
  var src = document.getElementById("cp-chart-data");
  if (!el || !src || !window.echarts) return;
  var d = JSON.parse(src.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    color: ["#1f5fae", "#e65100", "#2e7d32"],
    tooltip: {trigger: "axis"},
    legend: {data: ["抽查批次", "立案", "涉案货值"]},
    grid: {left: 60, right: 70, top: 40, bottom: 50},
    xAxis: {type: "category", data: d.regions, axisLabel: {interval: 0, rotate: d.regions.length > 6 ? 30 : 0}},
    yAxis: [{type: "value", name: "批次 / 件", minInterval: 1}, {type: "value", name: "万元"}],
    series: [
      {name: "抽查批次", type: "bar", barMaxWidth: 40, data: d.batches, label: {show: true, position: "top"}},
      {name: "立案", type: "bar", barMaxWidth: 40, data: d.cases, label: {show: true, position: "top"}},
      {name: "涉案货值", type: "line", yAxisIndex: 1, data: d.goods,
       label: {show: true, formatter: function (p) { return p.value.toFixed(2); }},
       tooltip: {valueFormatter: function (v) { return v.toFixed(2) + " 万元"; }}}
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
