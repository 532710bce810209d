/* The admin's autocomplete boxes (select2) are new elements beside the hidden <select>, which alone has the field's
   <label>: screen readers (and axe-core) found a combobox and a search box without a name. Each gets the field's
   label as its name (aria-labelledby), when the page is built, for inline rows added later and for the search box
   of an opened dropdown. */
(function () {
  "use strict";

  /** The id of the label of `select` (given one when it has none), or null when the field has no label. */
  function labelId(select) {
    var label = select.labels && select.labels[0];
    if (!label) return null;
    if (!label.id) label.id = select.id + "-label";
    return label.id;
  }

  function name(element, id) {
    if (!element) return;
    var current = (element.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    if (current.indexOf(id) === -1) element.setAttribute("aria-labelledby", [id].concat(current).join(" "));
  }

  /** select2 4.0 puts its "clear all" <span> straight into the <ul> of chosen items, where only <li> may be (it
      puts it back at each change): it is given the list item's role, and its title as its name. */
  function clearAsListItem(box) {
    box.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear:not([role])").forEach(
      function (clear) {
        clear.setAttribute("role", "listitem");
        clear.setAttribute("aria-label", clear.title);
      });
  }

  function label(root) {
    root.querySelectorAll("select.select2-hidden-accessible").forEach(function (select) {
      var id = labelId(select);
      var box = select.nextElementSibling;
      if (!id || !box || !box.classList.contains("select2")) return;
      name(box.querySelector(".select2-selection"), id);  // the combobox: the label, then the chosen value
      var chosen = box.querySelector(".select2-selection__rendered[role=textbox]");  // the chosen value's box
      if (chosen && chosen.id) {
        chosen.setAttribute("aria-labelledby", id + " " + chosen.id);
      }
      name(box.querySelector(".select2-search__field"), id);  // a multiple choice's inline search box
      clearAsListItem(box);
      new MutationObserver(function () { clearAsListItem(box); }).observe(box, {childList: true, subtree: true});
    });
  }

  function dropdownSearch(event) {
    var id = labelId(event.target);
    if (id) name(document.querySelector(".select2-container--open .select2-dropdown .select2-search__field"), id);
  }

  // After Django's autocomplete.js has built the boxes: its jQuery ready handler was queued before this one.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(function ($) {
      label(document);
      $(document).on("select2:open", "select", dropdownSearch);
    });
  }
  document.addEventListener("formset:added", function (event) { label(event.target); });
})();
