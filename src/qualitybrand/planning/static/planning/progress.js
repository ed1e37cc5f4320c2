(function () {
  var el = document.getElementById("progress-chart");
  if (!el || !window.echarts) return;
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var timePct = JSON.parse(document.getElementById("time-pct").textContent);
  var chart = echarts.init(el);
  var colours = {"已完成": "#2e7d32", "正常": "#1565c0", "滞后": "#e65100"};
  function draw(code) {
    var c = data[code];
    if (!c) return;
    chart.setOption({
      tooltip: {trigger: "axis", formatter: function (ps) {
        var i = ps[0].dataIndex;
        return c.regions[i] + "<br>" + c.name + "：完成 " + c.actual[i] + " " + c.unit + " / 目标 " + c.target[i] +
          " " + c.unit + "<br>完成率 " + c.pct[i] + "%（" + c.status[i] + "）<br>时间进度 " + timePct.toFixed(1) + "%";
      }},
      grid: {left: 60, right: 40, top: 40, bottom: 60},
      xAxis: {type: "category", data: c.regions, axisLabel: {interval: 0, rotate: c.regions.length > 6 ? 30 : 0}},
      yAxis: {type: "value", name: "完成率（%）"},
      series: [{type: "bar", name: "完成率", barMaxWidth: 64, data: c.pct.map(function (v, i) {
        return {value: v, itemStyle: {color: colours[c.status[i]]}, label: {show: true, position: "top",
          formatter: v + "%" + (c.status[i] === "滞后" ? " 滞后" : "")}};
      }), markLine: {symbol: "none", lineStyle: {type: "dashed", color: "#333"},
        label: {position: "insideEndTop", formatter: "时间进度 " + timePct.toFixed(1) + "%"}, data: [{yAxis: Number(timePct.toFixed(1))}]}}]
    }, true);
  }
  var select = document.getElementById("chart-indicator");
  select.addEventListener("change", function () { draw(select.value); });
  draw(select.value);
  window.addEventListener("resize", function () { chart.resize(); });
})();
