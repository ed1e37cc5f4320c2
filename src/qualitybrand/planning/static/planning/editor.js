(function () {
  // The target-set and scheme editors (no inline script: CSP). Rows are added by cloning the
  // page's <template> elements; the indicator pickers are filled from the catalog (json_script).
  "use strict";
  var specsNode = document.getElementById("indicator-specs");
  var specs = specsNode ? JSON.parse(specsNode.textContent) : [];
  var byCode = {};
  specs.forEach(function (s) { byCode[s.code] = s; });
  var counter = 1000 + document.querySelectorAll("[data-row]").length;

  function label(s) { return s.name + "（" + (s.unit || "—") + "）· " + s.code; }

  function fillPicker(select, text) {
    var current = select.value;
    var needle = (text || "").trim().toLowerCase();
    var keep = null;
    Array.prototype.forEach.call(select.options, function (o) { if (o.value === current) { keep = o; } });
    var unknown = current && !byCode[current] && keep ? keep.textContent : null;
    select.textContent = "";
    var blank = document.createElement("option");
    blank.value = "";
    blank.textContent = needle ? "请选择（已按“" + text.trim() + "”筛选）" : "请选择指标";
    select.appendChild(blank);
    if (unknown) {
      var u = document.createElement("option");
      u.value = current;
      u.textContent = unknown;
      select.appendChild(u);
    }
    specs.forEach(function (s) {
      if (needle && s.code !== current && label(s).toLowerCase().indexOf(needle) < 0) { return; }
      var o = document.createElement("option");
      o.value = s.code;
      o.textContent = label(s);
      select.appendChild(o);
    });
    select.value = current;
  }

  function showUnit(select) {
    var box = select.closest(".ed-picker");
    var s = byCode[select.value];
    var unit = box && box.querySelector(".ed-unit");
    if (unit) { unit.textContent = s ? "单位：" + (s.unit || "—") : (select.value ? "指标目录中没有该代码" : ""); }
    var tr = select.closest("tr[data-additive]");
    if (tr) {
      tr.setAttribute("data-additive", s && s.additive ? "1" : "");
      var inline = tr.querySelector(".ed-unit-inline");
      if (inline) { inline.textContent = s ? s.unit : ""; }
      updateTargetRow(tr);
    }
  }

  function initPickers(root) {
    root.querySelectorAll(".ed-picker").forEach(function (box) {
      var select = box.querySelector("select.ind");
      var filter = box.querySelector(".ed-filter");
      fillPicker(select, "");
      filter.addEventListener("input", function () { fillPicker(select, filter.value); });
      select.addEventListener("change", function () { showUnit(select); });
    });
  }

  // --- target sets: live sum of the allocations and its difference to the target ---------------
  function num(v) {
    var t = String(v).replace(/,/g, "").trim();
    if (!/^-?\d+(\.\d+)?$/.test(t)) { return null; }
    return parseFloat(t);
  }
  function fmt(x) { return (Math.round(x * 100) / 100).toLocaleString("zh-CN"); }
  function updateTargetRow(tr) {
    var sumCell = tr.querySelector(".sum"), diffCell = tr.querySelector(".ed-diff");
    if (!sumCell || !diffCell) { return; }
    var sum = 0, any = false;
    tr.querySelectorAll("input.alloc:not(:disabled)").forEach(function (i) { var v = num(i.value); if (v !== null) { sum += v; any = true; } });
    var target = num(tr.querySelector("input.tgt").value);
    var additive = tr.getAttribute("data-additive") === "1";
    var note = sumCell.querySelector(".ed-err");
    sumCell.textContent = any && additive ? fmt(sum) : "—";
    if (note) { sumCell.appendChild(note); }
    sumCell.title = additive ? "" : "该指标不可加总（比率、均值等），不计算分解合计与差额";
    var show = any && additive && target !== null;
    diffCell.textContent = show ? fmt(sum - target) : "—";
    diffCell.className = "num ed-diff" + (show ? (sum - target < -1e-9 ? " pl-diff-neg" : sum - target > 1e-9 ? " pl-diff-pos" : "") : "");
  }
  function initTargetRow(tr) {
    if (!tr.querySelector(".sum")) { return; }
    tr.addEventListener("input", function (e) { if (!e.target.classList.contains("ed-filter")) { updateTargetRow(tr); } });
  }

  // --- schemes: rule parameters and the points total ----------------------------------------------
  var SCORED = { ratio_to_target: 1, linear: 1, rank: 1, manual: 1 };
  function updateTotal() {
    var out = document.getElementById("points-total");
    if (!out) { return; }
    var total = 0;
    document.querySelectorAll("#sections tr.ed-item").forEach(function (tr) {
      if (!SCORED[tr.getAttribute("data-rule")]) { return; }
      var v = num(tr.querySelector("input.pts").value);
      if (v !== null) { total += v; }
    });
    total = Math.round(total * 100) / 100;
    out.textContent = fmt(total);
    out.className = total === 100 ? "pl-diff-pos" : "pl-diff-neg";
    var line = document.getElementById("points-total-line");
    var stale = line && line.nextElementSibling;
    if (stale && stale.classList.contains("ed-err")) { stale.hidden = total === 100; }  // the refusal is answered
  }
  function initItem(tr) {
    var rule = tr.querySelector("select.rule");
    if (!rule) { return; }
    rule.addEventListener("change", function () { tr.setAttribute("data-rule", rule.value); updateTotal(); });
    tr.querySelector("input.pts").addEventListener("input", updateTotal);
  }

  function init(root) {
    initPickers(root);
    root.querySelectorAll("tr[data-row]").forEach(function (tr) { initTargetRow(tr); initItem(tr); });
    if (root.matches && root.matches("tr[data-row]")) { initTargetRow(root); initItem(root); }
  }

  function clone(templateId, replacements) {
    var tpl = document.getElementById(templateId);
    var html = tpl.innerHTML;
    Object.keys(replacements).forEach(function (k) { html = html.split(k).join(replacements[k]); });
    var holder = document.createElement(tpl.innerHTML.trim().indexOf("<tr") === 0 ? "tbody" : "div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  document.addEventListener("click", function (e) {
    var btn = e.target.closest("button");
    if (!btn) { return; }
    if (btn.hasAttribute("data-add-row")) {
      var row = clone(btn.getAttribute("data-add-row"), { "__N__": String(counter++) });
      document.getElementById(btn.getAttribute("data-into")).appendChild(row);
      init(row);
      var first = row.querySelector("input:not([type=hidden]), select");
      if (first) { first.focus(); }
    } else if (btn.hasAttribute("data-add-item")) {
      var sec = btn.getAttribute("data-add-item");
      var item = clone("item-template", { "__N__": String(counter++), "__S__": sec });
      btn.closest(".ed-section").querySelector("tbody.ed-items").appendChild(item);
      init(item);
      item.querySelector("input.ed-code").focus();
    } else if (btn.hasAttribute("data-add-section")) {
      var s = String(counter++);
      var section = clone("section-template", { "__S__": s });
      document.getElementById("sections").appendChild(section);
      init(section);
      section.querySelector("[data-add-item]").click();
      section.querySelector("input.ed-secname").focus();
    }
    if (btn.hasAttribute("data-add-row") || btn.hasAttribute("data-add-item") || btn.hasAttribute("data-add-section")) {
      applyKind();  // a new row shows the chosen kind's columns only
    }
    if (btn.hasAttribute("data-remove-row")) {
      btn.closest("tr").remove();
      updateTotal();
    } else if (btn.hasAttribute("data-remove-section")) {
      btn.closest(".ed-section").remove();
      updateTotal();
    }
  });

  // a corrected field loses its red border (its message stays until the form is sent again)
  document.addEventListener("input", function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute("aria-invalid")) { e.target.removeAttribute("aria-invalid"); }
  });
  document.addEventListener("change", function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute("aria-invalid")) { e.target.removeAttribute("aria-invalid"); }
  });

  // --- subjects: the chosen kind's columns and choices are shown (and posted), the others hidden ---
  function currentKind() {
    var checked = document.querySelector("input[name=subjects]:checked");
    return checked ? checked.value : "regions";
  }
  function hiddenDepartments() {
    var off = {};
    document.querySelectorAll("input[data-show-col]").forEach(function (box) { if (!box.checked) { off[box.getAttribute("data-show-col")] = 1; } });
    return off;
  }
  function applyKind() {
    var kind = currentKind(), off = hiddenDepartments();
    document.querySelectorAll("[data-kind]").forEach(function (el) {
      var hide = el.getAttribute("data-kind") !== kind || (kind === "departments" && off[el.getAttribute("data-col")]);
      el.hidden = !!hide;
      el.querySelectorAll("input, select").forEach(function (i) { i.disabled = !!hide; });  // not posted
    });
    document.querySelectorAll("[data-for-kind]").forEach(function (el) {
      el.hidden = el.getAttribute("data-for-kind").split(" ").indexOf(kind) < 0;
    });
    // an enterprise has no indicator values: only manual items
    document.querySelectorAll("select.rule").forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (o) { o.disabled = kind === "enterprises" && o.value !== "manual"; });
      if (kind === "enterprises" && select.value !== "manual") {
        select.value = "manual";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    document.querySelectorAll("select[name$='-applies_to']").forEach(function (s) { s.disabled = kind !== "departments"; });
    document.querySelectorAll("#target-rows tr[data-row]").forEach(updateTargetRow);
  }
  document.addEventListener("change", function (e) {
    if (e.target.name === "subjects" || e.target.hasAttribute("data-show-col")) { applyKind(); }
  });
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("button[data-add-enterprise]");
    if (!btn) { return; }
    var pick = document.getElementById("f-enterprise-pick"), area = document.getElementById("f-enterprises");
    var value = (pick.value || "").trim().toUpperCase();
    if (!value) { return; }
    var lines = area.value.split(/\s+/).filter(function (x) { return x; });
    if (lines.indexOf(value) < 0) { lines.push(value); }
    area.value = lines.join("\n");
    pick.value = "";
    pick.focus();
  });
  init(document);
  applyKind();
  updateTotal();
})();
