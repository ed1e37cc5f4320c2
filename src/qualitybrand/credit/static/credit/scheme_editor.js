/* Credit pages: the distribution bars take their widths from data-n (CSP: no style attributes in HTML),
   and the scheme editor asks credit:scheme_preview for the grade distribution of the form's scheme. */
(function () {
  var GRADES = ["A", "B", "C", "D"];

  function sizeBars(root) {
    root.querySelectorAll("[data-bar]").forEach(function (bar) {
      var parts = bar.querySelectorAll("[data-n]");
      var total = 0;
      parts.forEach(function (p) { total += parseInt(p.getAttribute("data-n"), 10) || 0; });
      parts.forEach(function (p) {
        var n = parseInt(p.getAttribute("data-n"), 10) || 0;
        p.style.width = total ? (n * 100 / total) + "%" : "0";
        p.title = n + " 户";
      });
    });
  }
  sizeBars(document);

  var form = document.getElementById("scheme-form");
  if (!form) return;
  var url = form.getAttribute("data-preview-url");
  var holder = document.getElementById("pv-table");
  var note = document.getElementById("pv-note");
  var bandsError = document.getElementById("err-bands");
  var timer = null, seq = 0;

  function cell(tag, text, cls) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    return el;
  }
  function fmt(n) { return Number(n).toLocaleString("zh-CN"); }

  function row(r, label, isTotal) {
    var tr = document.createElement("tr");
    if (isTotal) tr.className = "cr-total";
    var th = cell("th", label);
    th.scope = "row";
    tr.appendChild(th);
    GRADES.forEach(function (g) { tr.appendChild(cell("td", fmt(r[g]), "num")); });
    tr.appendChild(cell("td", fmt(r.total), "num"));
    var td = document.createElement("td"), bar = document.createElement("div");
    bar.className = "cr-bar";
    bar.setAttribute("data-bar", "");
    GRADES.forEach(function (g) {
      var s = document.createElement("span");
      s.className = "g-" + g.toLowerCase();
      s.setAttribute("data-n", r[g]);
      bar.appendChild(s);
    });
    td.appendChild(bar);
    tr.appendChild(td);
    return tr;
  }

  function render(data) {
    var body = holder.querySelector("tbody");
    body.textContent = "";
    body.appendChild(row(data.all, data.all.name + "（全部）", true));
    data.rows.forEach(function (r) { body.appendChild(row(r, r.name, false)); });
    sizeBars(holder);
  }

  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    params.delete("csrfmiddlewaretoken");
    var mine = ++seq;
    holder.classList.add("cr-stale");
    var sep = url.indexOf("?") >= 0 ? "&" : "?";
    fetch(url + sep + params.toString(), {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (res) { return res.json(); })
      .then(function (data) {
        if (mine !== seq) return;
        holder.classList.remove("cr-stale");
        if (!data.ok) {
          var messages = Object.keys(data.errors || {}).map(function (k) { return data.errors[k]; });
          bandsError.textContent = messages.join(" ");
          bandsError.hidden = false;
          note.textContent = "方案有误，试算未更新：" + messages.join(" ");
          return;
        }
        bandsError.hidden = true;
        note.textContent = "按左侧填写的方案即时计算（未保存），截至 " + data.as_of + "。";
        render(data);
      })
      .catch(function () { holder.classList.remove("cr-stale"); note.textContent = "试算失败：请稍后再试。"; });
  }

  form.addEventListener("input", function (event) {
    if (!event.target.hasAttribute("data-preview-input")) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT" && event.target.hasAttribute("data-preview-input")) refresh();
  });
})();
