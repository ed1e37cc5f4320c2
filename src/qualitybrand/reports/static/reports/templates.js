// 文书模板 upload form: the "下载示例模板" link follows the chosen kind.
(function () {
  var select = document.getElementById("id_kind");
  var link = document.getElementById("ot-sample-link");
  if (!select || !link) { return; }
  function update() { link.href = link.dataset.base + encodeURIComponent(select.value) + "/"; }
  select.addEventListener("change", update);
  update();
})();
