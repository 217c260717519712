/* Footnote previews and folded sections. The page works without this file: every marker is a plain
   link to the outlet's sentence, and every section opens by its summary. No globals are left. */
(function () {
  "use strict";
  var MARGIN = 8; // px kept between a preview and the window's edge
  var HIDE_DELAY = 200; // ms to move the pointer from a marker onto its preview (WCAG 1.4.13)
  var shown = null;
  var hideTimer = 0;
  var lastPointer = "mouse";
  var openBeforeTap = null; // the preview shown when the current tap began, before it moved the focus

  function tipOf(link) {
    return document.getElementById(link.getAttribute("aria-describedby"));
  }

  function show(link) {
    clearTimeout(hideTimer);
    if (shown === link) return;
    hide();
    var tip = tipOf(link);
    if (!tip) return;
    tip.hidden = false;
    tip.style.left = "0px";
    var box = tip.getBoundingClientRect();
    var over = box.right - (document.documentElement.clientWidth - MARGIN);
    var left = over > 0 ? -Math.min(over, box.left - MARGIN) : 0;
    tip.style.left = left + "px";
    link.setAttribute("aria-expanded", "true");
    shown = link;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!shown) return;
    var tip = tipOf(shown);
    if (tip) tip.hidden = true;
    shown.removeAttribute("aria-expanded");
    shown = null;
  }

  function marker(target) {
    return target instanceof Element ? target.closest(".footnotes .ref") : null;
  }

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
    openBeforeTap = shown;
  }, true);

  document.addEventListener("pointerover", function (event) {
    var note = marker(event.target);
    if (note && event.pointerType === "mouse") show(note.querySelector("a.fn"));
  });

  document.addEventListener("pointerout", function (event) {
    var note = marker(event.target);
    if (note && event.pointerType === "mouse" && !note.contains(event.relatedTarget)) {
      hideTimer = setTimeout(hide, HIDE_DELAY);
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".footnotes a.fn")) show(event.target);
  });

  document.addEventListener("focusout", function (event) {
    if (shown === event.target) hide();
  });

  // A first tap opens the preview; a second tap on the same letter follows its link. A click from
  // the keyboard (detail 0) or a mouse follows it at once.
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest(".footnotes a.fn") : null;
    var tap = event.detail > 0 && lastPointer !== "mouse" && lastPointer !== "";
    if (link && tap && openBeforeTap !== link) {
      event.preventDefault();
      show(link);
    } else if (!link && shown && !marker(event.target)) {
      hide();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && shown) hide();
  });

  // A link into a folded section opens it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.localName === "details") node.open = true;
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
