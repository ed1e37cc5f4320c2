/* The leader's screen (领导大屏): charts (ECharts, clickable to the records behind a bar or point), dark/light
   theme remembered in localStorage, full screen, a county carousel and auto-refresh on the data version.
   Data from json_script (#screen-config, #screen-chart); no inline script or style (CSP). */
(function () {
  var cfgEl = document.getElementById("screen-config");
  var chartEl = document.getElementById("screen-chart");
  if (!cfgEl || !chartEl) return;
  var cfg = JSON.parse(cfgEl.textContent);
  var data = JSON.parse(chartEl.textContent);
  var body = document.body;
  var THEME_KEY = "qb.screen.theme";
  var PALETTES = {
    light: {text: "#14202e", muted: "#44505e", line: "#c9d3df", series: ["#1f5fa8", "#c25e00", "#1a6f36", "#7b3fa0", "#a61f14"],
            current: "#c25e00", bar: "#1f5fa8", label: "#14202e"},
    dark: {text: "#eef3f9", muted: "#b9c6d6", line: "#2c4260", series: ["#5fa8ff", "#ffb05c", "#74d99a", "#d7a6ff", "#ff9b92"],
           current: "#ffb05c", bar: "#5fa8ff", label: "#eef3f9"}
  };
  var charts = [];
  var current = 0;        // the carousel's county
  var playing = cfg.carousel > 0 && cfg.counties.length > 0;
  var countyCache = {};
  var timer = null;

  function storedTheme() {
    try { return window.localStorage.getItem(THEME_KEY) || ""; } catch (e) { return ""; }
  }
  function storeTheme(theme) {
    try { window.localStorage.setItem(THEME_KEY, theme); } catch (e) { /* private mode: not remembered */ }
  }
  function theme() { return body.classList.contains("theme-dark") ? "dark" : "light"; }
  function applyTheme(name) {
    body.classList.toggle("theme-dark", name === "dark");
    var button = document.querySelector("[data-theme-toggle]");
    if (button) {
      button.setAttribute("aria-pressed", name === "dark" ? "true" : "false");
      button.textContent = name === "dark" ? "浅色主题" : "深色主题";
    }
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
  function fontSize() {
    var h2 = document.querySelector(".scr-panel h2");
    return h2 ? parseFloat(window.getComputedStyle(h2).fontSize) : 16;
  }
  function pct(v) { return v === null || v === undefined ? null : Math.round(v * 10) / 10; }
  function num(v) {
    if (v === null || v === undefined) return "—";
    return Number(v).toLocaleString("zh-CN", {maximumFractionDigits: 2});
  }

  /* A chart whose points open the records behind them: `urls[seriesIndex][dataIndex]`, or item.url (funnels). */
  function make(id, option, urls, name) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) return null;
    var chart = echarts.init(node, null, {renderer: "svg"});
    fitForPrint(chart, node);
    chart.setOption(option);
    chart.on("click", function (p) {
      var url = p.data && p.data.url ? p.data.url : (urls && urls[p.seriesIndex] ? urls[p.seriesIndex][p.dataIndex] : null);
      if (url) window.location.href = url;
    });
    charts.push({chart: chart, name: name});
    return chart;
  }

  function axisStyle(pal, size) {
    return {axisLabel: {color: pal.text, fontSize: size * 0.85}, nameTextStyle: {color: pal.muted, fontSize: size * 0.8},
            axisLine: {lineStyle: {color: pal.line}}, splitLine: {lineStyle: {color: pal.line, type: "dashed"}}};
  }
  function merge(a, b) { for (var k in b) { if (Object.prototype.hasOwnProperty.call(b, k)) a[k] = b[k]; } return a; }

  function compareSeries() {
    var s = data.compare.series;
    for (var i = 0; i < s.length; i++) { if (s[i].code === "tm.valid") return s[i]; }
    return s[0];
  }

  function draw(themeName) {
    charts.forEach(function (c) { c.chart.dispose(); });
    charts = [];
    var pal = PALETTES[themeName];
    var size = fontSize();
    var base = {color: pal.series, textStyle: {fontSize: size * 0.85, color: pal.text}, animation: false,
                tooltip: {textStyle: {fontSize: size * 0.8}}};
    var counts = data.trends.filter(function (t) { return t.unit !== "%"; });
    var rates = data.trends.filter(function (t) { return t.unit === "%"; });
    var trendUrls = counts.map(function (t) { return t.urls; }).concat(rates.map(function (t) { return t.urls; }));
    make("scr-trend", merge({
      tooltip: {trigger: "axis", textStyle: {fontSize: size * 0.8}},
      legend: {top: 0, textStyle: {color: pal.text, fontSize: size * 0.75}, itemWidth: size, itemHeight: size * 0.6},
      grid: {left: size * 3.2, right: size * 2.6, top: size * 3.6, bottom: size * 1.6},
      xAxis: merge({type: "category", data: data.years.map(function (y) { return y.slice(0, 4); })}, axisStyle(pal, size)),
      yAxis: [merge({type: "value", name: "件"}, axisStyle(pal, size)),
              merge({type: "value", name: "%", max: 100}, axisStyle(pal, size))],
      series: counts.map(function (t) {
        return {name: t.name, type: "bar", data: t.values, cursor: "pointer"};
      }).concat(rates.map(function (t) {
        return {name: t.name, type: "line", yAxisIndex: 1, data: t.values.map(pct), symbol: "triangle", symbolSize: size * 0.7,
                lineStyle: {width: 3}, label: {show: true, formatter: "{c}%", color: pal.label, fontSize: size * 0.75}};
      }))
    }, base), trendUrls, "trend");

    if (data.compare.regions.length) {
      var first = compareSeries();
      make("scr-compare", merge({
        tooltip: {trigger: "axis", textStyle: {fontSize: size * 0.8}},
        grid: {left: size * 0.5, right: size * 3.5, top: size * 0.5, bottom: size * 1.5, containLabel: true},
        xAxis: merge({type: "value", name: first.unit}, axisStyle(pal, size)),
        yAxis: merge({type: "category", data: data.compare.regions, inverse: true}, axisStyle(pal, size)),
        series: [{name: first.name, type: "bar", cursor: "pointer", barMaxWidth: size * 1.6,
                  data: first.values.map(function (v, k) {
                    return {value: v, itemStyle: {color: k === current ? pal.current : pal.bar}};
                  }),
                  label: {show: true, position: "right", color: pal.label, fontSize: size * 0.8, formatter: function (p) { return num(p.value); }}}]
      }, base), [first.urls], "compare");
    }
    make("scr-insp", merge({
      tooltip: {trigger: "axis", textStyle: {fontSize: size * 0.8}},
      grid: {left: size * 3, right: size, top: size * 1.5, bottom: size * 1.6},
      xAxis: merge({type: "category", data: data.inspection.levels}, axisStyle(pal, size)),
      yAxis: merge({type: "value", name: "合格率（%）", max: 100}, axisStyle(pal, size)),
      series: [{name: "合格率", type: "bar", cursor: "pointer", data: data.inspection.values.map(pct),
                label: {show: true, position: "top", formatter: "{c}%", color: pal.label, fontSize: size * 0.8}}]
    }, base), [data.inspection.urls], "inspection");
    make("scr-tiers", merge({
      tooltip: {trigger: "item", formatter: function (p) { return p.seriesName + "<br>" + p.name + "：" + p.data.real + " 件"; }},
      series: data.tiers.map(function (t, k) {
        var width = 100 / data.tiers.length;
        return {name: t.title, type: "funnel", sort: "ascending", left: (k * width + 2) + "%", width: (width - 4) + "%",
                top: size * 1.8, bottom: 4, minSize: "35%", gap: 2, cursor: "pointer",
                label: {show: true, position: "inside", color: "#ffffff", fontSize: size * 0.7,
                        formatter: function (p) { return p.name + "\n" + p.data.real + " 件"; }},
                data: t.items.map(function (i, n) {
                  return {name: i.name, value: n + 1, real: i.value, url: i.url,
                          itemStyle: {color: ["#1f5fa8", "#a14d00", "#1a6f36", "#6b2f8f"][n % 4]}};
                })};
      }),
      title: data.tiers.map(function (t, k) {
        var width = 100 / data.tiers.length;
        return {text: t.title, left: (k * width + width / 2) + "%", textAlign: "center", top: 0,
                textStyle: {fontSize: size * 0.8, color: pal.text}};
      })
    }, base), null, "tiers");
  }

  /* --- the carousel --------------------------------------------------------------------------- */
  function setText(node, text) { while (node.firstChild) node.removeChild(node.firstChild); node.appendChild(document.createTextNode(text)); }

  function showCounty(figures) {
    var box = document.getElementById("car-figures");
    if (!box) return;
    var byCode = {};
    figures.cards.forEach(function (c) { byCode[c.code] = c; });
    Array.prototype.forEach.call(box.querySelectorAll("[data-code]"), function (row) {
      var card = byCode[row.getAttribute("data-code")];
      var slot = row.querySelector(".car-val");
      var value = card ? card.text : "—";
      var link = null;
      if (card && card.url && card.value !== null) {
        link = document.createElement("a");
        link.href = card.url;
        link.className = "car-val";
        link.textContent = value;
        slot.parentNode.replaceChild(link, slot);
      } else {
        var span = document.createElement("span");
        span.className = "car-val";
        span.textContent = value;
        slot.parentNode.replaceChild(span, slot);
      }
    });
  }

  function highlight() {
    var county = cfg.counties[current];
    if (!county) return;
    var name = document.getElementById("car-name");
    if (name) setText(name, county.name);
    Array.prototype.forEach.call(document.querySelectorAll(".car-list a"), function (a) {
      var on = a.getAttribute("data-county") === county.code;
      a.classList.toggle("current", on);
      if (on) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
    });
    var pal = PALETTES[theme()];
    charts.forEach(function (c) {
      if (c.name !== "compare") return;
      var first = compareSeries();
      c.chart.setOption({series: [{data: first.values.map(function (v, k) {
        return {value: v, itemStyle: {color: k === current ? pal.current : pal.bar}};
      })}]});
    });
  }

  function loadCounty() {
    var county = cfg.counties[current];
    if (!county) return;
    highlight();
    if (countyCache[county.code]) { showCounty(countyCache[county.code]); return; }
    fetch(cfg.figuresUrl.replace("CODE", encodeURIComponent(county.code)), {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (json) { countyCache[county.code] = json; if (cfg.counties[current].code === county.code) showCounty(json); })
      .catch(function () { /* the next tick tries again */ });
  }

  function step() {
    if (!cfg.counties.length) return;
    current = (current + 1) % cfg.counties.length;
    loadCounty();
  }

  function startCarousel() {
    if (timer) window.clearInterval(timer);
    timer = playing ? window.setInterval(step, cfg.carousel * 1000) : null;
    var button = document.querySelector("[data-carousel-toggle]");
    if (button) {
      button.setAttribute("aria-pressed", playing ? "false" : "true");
      button.textContent = playing ? "暂停轮播" : "继续轮播";
    }
  }

  /* --- auto-refresh: figures reloaded only when the data version moved ------------------------- */
  function updateCards(figures) {
    var byCode = {};
    figures.cards.forEach(function (c) { byCode[c.code] = c; });
    Array.prototype.forEach.call(document.querySelectorAll(".scr-card[data-code]"), function (card) {
      var f = byCode[card.getAttribute("data-code")];
      if (!f) return;
      var box = card.querySelector(".scr-val");
      if (box) box.classList.toggle("long", f.text.length > 7);
      var val = card.querySelector(".scr-val a, .scr-val > span:first-child");
      if (val) {
        val.textContent = f.text;
        if (val.tagName === "A" && f.url) val.href = f.url;
      }
      var chg = card.querySelector(".scr-chg");
      if (chg) {
        setText(chg, figures.compare_label + " " + (f.previous || "—"));
        if (f.delta_text) {
          chg.appendChild(document.createTextNode("，"));
          var span = document.createElement("span");
          span.className = f.trend || "";
          span.textContent = f.delta_text;
          chg.appendChild(span);
        }
      }
    });
  }

  function poll() {
    fetch(cfg.stateUrl, {credentials: "same-origin"})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (state) {
        if (state.version === cfg.version) return null;
        return fetch(cfg.figuresUrl.replace("CODE", encodeURIComponent(cfg.region)), {credentials: "same-origin"})
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
          .then(function (figures) {
            cfg.version = figures.version;
            data = figures.chart;
            countyCache = {};
            updateCards(figures);
            draw(theme());
            loadCounty();
            var v = document.getElementById("scr-version");
            if (v) setText(v, String(figures.version));
            body.setAttribute("data-version", String(figures.version));
          });
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ });
  }

  /* --- wiring ----------------------------------------------------------------------------------- */
  var initial = cfg.theme || storedTheme() || "light";
  if (cfg.theme) storeTheme(cfg.theme);
  applyTheme(initial);
  body.setAttribute("data-version", String(cfg.version));
  draw(initial);
  if (cfg.counties.length) { loadCounty(); startCarousel(); }
  if (cfg.refresh > 0) window.setInterval(poll, cfg.refresh * 1000);

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-theme-toggle]")) {
      var next = theme() === "dark" ? "light" : "dark";
      applyTheme(next);
      storeTheme(next);
      draw(next);
      highlight();
    } else if (event.target.closest("[data-fullscreen]")) {
      var root = document.documentElement;
      if (document.fullscreenElement) document.exitFullscreen();
      else if (root.requestFullscreen) root.requestFullscreen().catch(function () { /* refused by the browser */ });
    } else if (event.target.closest("[data-carousel-toggle]")) {
      playing = !playing;
      startCarousel();
    }
  });
  var resizing = null;
  window.addEventListener("resize", function () {
    if (window.matchMedia && window.matchMedia("print").matches) return;  // printing: the drawing is scaled
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { draw(theme()); highlight(); }, 150);
  });
  /* Printed in the light theme whatever the projector shows. */
  var shown = null;
  window.addEventListener("beforeprint", function () { shown = theme(); applyTheme("light"); draw("light"); highlight(); });
  window.addEventListener("afterprint", function () { if (shown) { applyTheme(shown); draw(shown); highlight(); } });
})();
