// Live updates: the page's live part (#live) is replaced by the HTML the
// server sends as server-sent events (rendered and escaped by the same
// templates as the page). Without this script the page reads as served.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !live.dataset.events || !window.EventSource) {
    return;
  }
  var readAt = document.getElementById("read-at");
  var src = new EventSource(live.dataset.events);
  src.addEventListener("page", function (e) {
    live.innerHTML = e.data;
    live.dispatchEvent(new CustomEvent("yodel:updated"));
  });
  src.addEventListener("tick", function (e) {
    if (readAt) {
      readAt.textContent = e.data;
    }
  });
  src.addEventListener("problem", function (e) {
    if (readAt) {
      readAt.textContent = "Not updated: " + e.data;
    }
  });
  src.onerror = function () {
    if (readAt) {
      readAt.textContent = "Live updates interrupted; reconnecting…";
    }
  };
})();
