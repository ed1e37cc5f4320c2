(function () {
  // Live sum of the allocations and its difference to the target, row by row.
  function num(v) { var x = parseFloat(String(v).replace(/,/g, "")); return isNaN(x) ? null : x; }
  function fmt(x) { return (Math.round(x * 100) / 100).toString(); }
  document.querySelectorAll("tr[data-row]").forEach(function (tr) {
    function update() {
      var sum = 0, any = false;
      tr.querySelectorAll("input.alloc").forEach(function (i) { var v = num(i.value); if (v !== null) { sum += v; any = true; } });
      var target = num(tr.querySelector("input.tgt").value);
      var s = tr.querySelector(".sum"), d = tr.querySelector(".diff");
      s.textContent = any ? fmt(sum) : "—";
      d.textContent = any && target !== null ? fmt(sum - target) : "—";
      d.className = "num diff" + (any && target !== null ? (sum - target < 0 ? " pl-diff-neg" : sum - target > 0 ? " pl-diff-pos" : "") : "");
    }
    tr.addEventListener("input", update);
  });
})();
