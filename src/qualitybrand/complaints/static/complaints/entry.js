// 登记投诉举报: find the respondent by USCC or name and fill the code and name fields.
(function () {
  var input = document.getElementById("id-respondent-q");
  var hits = document.getElementById("respondent-hits");
  if (!input || !hits) return;
  var timer = null;
  function pick(item) {
    document.getElementById("id-respondent_uscc").value = item.uscc;
    document.getElementById("id-respondent_name").value = item.name;
    hits.textContent = "已选择：" + item.name + "（" + item.region + "）";
  }
  function show(results) {
    hits.textContent = "";
    if (!results.length) { hits.textContent = "未找到，可直接填写名称并选择所在区划。"; return; }
    results.forEach(function (item) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button"; b.className = "btn";
      b.textContent = item.name + " · " + item.uscc + " · " + item.region;
      b.addEventListener("click", function () { pick(item); });
      li.appendChild(b); hits.appendChild(li);
    });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { hits.textContent = ""; return; }
    timer = setTimeout(function () {
      fetch(input.dataset.searchUrl + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.json(); }).then(function (d) { show(d.results || []); });
    }, 250);
  });
})();
