/* Program rules editor: show only the parameters of the chosen rule kind (data-fields on each option).
   Without JavaScript every parameter stays visible and the server ignores those the kind does not take. */
(function () {
  var form = document.querySelector("[data-rule-form]");
  if (!form) return;
  var kind = form.querySelector("[data-rule-kind]");
  function update() {
    var option = kind.options[kind.selectedIndex];
    var fields = ((option && option.getAttribute("data-fields")) || "").split(" ").filter(Boolean);
    form.querySelectorAll("[data-param]").forEach(function (row) {
      row.hidden = fields.indexOf(row.getAttribute("data-param")) < 0;
    });
  }
  kind.addEventListener("change", update);
  update();
})();
