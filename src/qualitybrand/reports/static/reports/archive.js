// The document archive: show the fields the chosen kind needs, and poll a document's progress every second.
(function () {
  "use strict";
  var kind = document.getElementById("g-kind");
  if (kind) {
    var show = function () {
      var period = kind.options[kind.selectedIndex].getAttribute("data-period");
      var need = { year: period === "year", as_of: period === "as_of" || period === "period",
                   number: period === "period", next_year: kind.value === "annual_summary",
                   tier: kind.value === "brand_album" };
      document.querySelectorAll(".ar-form [data-for]").forEach(function (el) {
        el.hidden = !need[el.getAttribute("data-for")];
      });
    };
    kind.addEventListener("change", show);
    show();
  }
  var box = document.getElementById("doc-progress");
  if (box) {
    var url = box.getAttribute("data-status-url");
    var bar = document.getElementById("doc-progress-bar");
    var text = document.getElementById("doc-progress-text");
    var tick = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          bar.value = s.progress;
          bar.textContent = s.progress + "%";
          text.textContent = s.state === "queued" ? "已排队，等待后台生成……"
            : "正在生成：" + s.progress + "%" + (s.message ? "（" + s.message + "）" : "");
          if (s.busy) { window.setTimeout(tick, 1000); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    };
    window.setTimeout(tick, 1000);
  }
})();
