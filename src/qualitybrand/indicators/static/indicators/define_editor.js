/* Custom indicator editor: the catalog picker and operator buttons insert into the formula; the preview
   asks the server (indicators:define_preview) for the value in the chosen region and year. No inline script (CSP). */
(function () {
  var form = document.getElementById("define-form");
  if (!form) return;
  var formula = document.getElementById("f-formula");
  var typeSelect = form.querySelector("[data-toggle-type]");
  var search = form.querySelector("[data-picker-search]");
  var empty = form.querySelector("[data-picker-empty]");
  var err = document.getElementById("err-formula");
  var valueEl = document.getElementById("pv-value");
  var unitEl = document.getElementById("pv-unit");
  var noteEl = document.getElementById("pv-note");
  var parts = document.getElementById("pv-parts");
  var timer = null;
  var seq = 0;

  function insert(text) {
    var start = formula.selectionStart, end = formula.selectionEnd, value = formula.value;
    if (typeof start !== "number") { start = end = value.length; }
    var before = value.slice(0, start), after = value.slice(end);
    if (/^[A-Za-z0-9_]/.test(text) && /[A-Za-z0-9_.)]$/.test(before)) text = " " + text;
    if (/^\s/.test(text) && (before === "" || /\s$/.test(before))) text = text.replace(/^\s+/, "");
    formula.value = before + text + after;
    var pos = before.length + text.length;
    formula.focus();
    formula.setSelectionRange(pos, pos);
    schedule();
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-insert]");
    if (button) { event.preventDefault(); insert(button.getAttribute("data-insert")); return; }
    if (event.target.closest("[data-clear-formula]")) {
      event.preventDefault(); formula.value = ""; formula.focus(); schedule();
    }
  });

  if (search) {
    search.addEventListener("input", function () {
      var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      form.querySelectorAll(".ed-pick").forEach(function (item) {
        var hay = item.getAttribute("data-search").toLowerCase();
        var ok = words.every(function (w) { return hay.indexOf(w) >= 0; });
        item.parentNode.hidden = !ok;
        if (ok) shown += 1;
      });
      if (empty) empty.hidden = shown > 0;
    });
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var first = Array.prototype.find.call(form.querySelectorAll(".ed-pick"), function (b) { return !b.parentNode.hidden; });
      if (first) insert(first.getAttribute("data-insert"));
    });
  }

  function toggleType() {
    if (!typeSelect) return;
    var kind = typeSelect.value;
    form.querySelectorAll("[data-for-type]").forEach(function (el) {
      el.hidden = el.getAttribute("data-for-type") !== kind;
    });
  }
  if (typeSelect) { typeSelect.addEventListener("change", toggleType); toggleType(); }

  function showError(message) {
    err.textContent = message || "";
    err.hidden = !message;
    formula.closest(".ed-field").classList.toggle("has-error", !!message);
  }

  function render(data) {
    unitEl.textContent = data.unit || "";
    valueEl.textContent = data.text;
    noteEl.textContent = data.region.name + " " + data.period.label + (data.note ? "：" + data.note : "。");
    var body = parts.querySelector("tbody");
    body.textContent = "";
    data.components.forEach(function (c) {
      var tr = document.createElement("tr");
      [c.name, c.code, c.text + (c.unit && c.unit !== "%" ? " " + c.unit : "")].forEach(function (text, i) {
        var td = document.createElement("td");
        td.textContent = text;
        if (i === 2) td.className = "num";
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    parts.hidden = data.components.length === 0;
  }

  function run() {
    if (typeSelect && typeSelect.value !== "formula") return;
    var text = formula.value.trim();
    if (!text) {
      showError(""); valueEl.textContent = "—"; parts.hidden = true;
      noteEl.textContent = "填写公式后即按所选区划和年度计算。";
      return;
    }
    var params = new URLSearchParams({
      formula: text, code: form.elements.code.value.trim(), unit: form.elements.unit.value.trim(),
      region: document.getElementById("pv-region").value, year: document.getElementById("pv-year").value
    });
    var mine = ++seq;
    noteEl.textContent = "正在计算…";
    fetch(form.getAttribute("data-preview-url") + "?" + params.toString(), {credentials: "same-origin",
      headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (mine !== seq) return;
        if (!data.ok) {
          if (data.field === "formula") showError(data.error);
          valueEl.textContent = "—"; parts.hidden = true;
          noteEl.textContent = data.field === "formula" ? "公式有误，暂不能计算。" : data.error;
          return;
        }
        showError("");
        render(data);
      })
      .catch(function () { if (mine === seq) noteEl.textContent = "试算失败：请稍后重试。"; });
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(run, 300); }
  formula.addEventListener("input", schedule);
  form.elements.unit.addEventListener("input", schedule);
  form.querySelectorAll("[data-preview-input]").forEach(function (el) { el.addEventListener("change", run); });
  if (formula.value.trim()) run();
})();
