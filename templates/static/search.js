/* The search box. The build writes it hidden, and only when it also writes the index (pagefind/);
   this file shows it once Pagefind's own interface has loaded from the site. Opened from disk
   (file:), a browser will not let a page read the index, so the box stays hidden there and the
   page is as it would be without search. No globals are left but Pagefind's own. */
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box || !/^https?:$/.test(location.protocol)) return;
  // Pagefind's interface and index, from this page's relative link: the site works under any sub-path.
  var ui = new URL(box.getAttribute("data-ui"), location.href);
  var bundle = new URL(".", ui);
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("pagefind-ui.css", bundle).href;
  var script = document.createElement("script");
  script.src = ui.href;
  // The stories' pages are indexed in shards (a changed story re-indexes one), listed beside the
  // main index and merged into it here; without the list, the main index alone is searched.
  function shards() {
    return fetch(new URL("shards.json", bundle).href)
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (folders) {
        return folders.map(function (folder) { return { bundlePath: new URL(folder, bundle).pathname }; });
      })
      .catch(function () { return []; });
  }
  function open(merged) {
    new window.PagefindUI({
      element: box,
      bundlePath: bundle.pathname,
      baseUrl: new URL("..", bundle).pathname,
      mergeIndex: merged,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      translations: { placeholder: "Search" }
    });
    // Pagefind names its box by a title alone, which assistive technology may not read as a label.
    var input = box.querySelector("input");
    if (input) input.setAttribute("aria-label", "Search stories, quotations and outlets");
    box.hidden = false;
  }
  script.onload = function () { shards().then(open); };
  // After the page has loaded: the interface is a sizeable script, and the page is read first.
  function load() {
    document.head.appendChild(style);
    document.head.appendChild(script);
  }
  if (document.readyState === "complete") load();
  else window.addEventListener("load", load);
})();
