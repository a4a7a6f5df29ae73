// counterpoint: small progressive enhancements; every page works without them.
// Legend: click a technique to show only its highlights; click again to show all.
(function () {
  "use strict";
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  each(document.querySelectorAll("ul.legend li[data-class]"), function (li) {
    li.addEventListener("click", function () {
      var cls = li.getAttribute("data-class");
      var on = !li.classList.contains("active");
      each(document.querySelectorAll("ul.legend li[data-class]"), function (other) {
        other.classList.remove("active");
        other.classList.toggle("off", on && other !== li);
      });
      each(document.querySelectorAll("mark.on"), function (m) { m.classList.remove("on"); });
      document.body.classList.toggle("focus", on);
      if (on) {
        li.classList.add("active");
        each(document.querySelectorAll("mark." + cls), function (m) { m.classList.add("on"); });
      }
    });
  });
  // Report: filter the story list by words of its titles and sources.
  var box = document.getElementById("story-filter");
  if (box) {
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      each(document.querySelectorAll("[data-filter]"), function (el) {
        var hay = (el.getAttribute("data-filter") || "").toLowerCase();
        el.hidden = !words.every(function (w) { return hay.indexOf(w) >= 0; });
      });
    });
  }
})();
