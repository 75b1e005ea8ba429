// Live updates: the page's live part (#live) is replaced by the HTML the
// server sends as server-sent events (rendered and escaped by the same
// templates as the page). Without this script the page reads as served,
// and the overview's filter form reloads it.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !live.dataset.events || !window.EventSource) {
    return;
  }
  var readAt = document.getElementById("read-at");
  var src = null;
  function follow(url) {
    if (src) {
      src.close();
    }
    src = new EventSource(url);
    src.addEventListener("page", function (e) {
      // A <details> the user opened (an action's output) stays open
      // across updates: it is found again by its data-keep key.
      var open = {};
      live.querySelectorAll("details[data-keep][open]").forEach(function (d) {
        open[d.dataset.keep] = true;
      });
      live.innerHTML = e.data;
      live.querySelectorAll("details[data-keep]").forEach(function (d) {
        if (open[d.dataset.keep]) {
          d.open = true;
        }
      });
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
  }
  follow(live.dataset.events);

  // The overview's filter and sort apply in place: the live stream is
  // reopened for the new query (its first event is the filtered table) and
  // the address bar follows, so a reload or a shared link shows the same.
  var form = document.querySelector("form.filter");
  if (!form || !window.URLSearchParams || !window.history.replaceState) {
    return;
  }
  var timer = null;
  var applied = location.pathname + location.search;
  function apply() {
    var page = form.getAttribute("action") + "?" + new URLSearchParams(new FormData(form)).toString();
    if (page === applied) {
      return;
    }
    applied = page;
    history.replaceState(null, "", page);
    follow("/ui/events?page=" + encodeURIComponent(page));
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    apply();
  });
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 200);
  });
  form.addEventListener("change", apply);
})();
