// The review desk in the article page: selections of the article's text become character offsets, keyboard
// shortcuts walk the quotes, and focus stays on the quote being worked on across htmx swaps. Everything here
// is a convenience: the forms work without it.
(function () {
  "use strict";

  var lastSelection = null; // {start, end, text} of the last selection made inside the article's text
  var lastQuote = null; // id of the quote an action was taken on, to focus it again after the swap
  var lastPosition = 0; // and its place in the article, for when it leaves the list (rejected)

  function textRoot() {
    return document.querySelector("[data-article-text]");
  }

  // Offset in the article (in Unicode code points, as the server counts) of a boundary of a selection.
  function boundaryOffset(node, offset) {
    var root = textRoot();
    if (!root || !root.contains(node)) return null;
    if (node.nodeType === Node.TEXT_NODE) {
      var segment = node.parentElement.closest("[data-start]");
      if (!segment) return null;
      return Number(segment.dataset.start) + Array.from(node.data.slice(0, offset)).length;
    }
    // an element boundary: before its offset-th child
    var child = node.childNodes[offset];
    var segmentAfter = child && (child.nodeType === Node.ELEMENT_NODE ? child : child.parentElement);
    segmentAfter = segmentAfter && (segmentAfter.matches("[data-start]") ? segmentAfter : segmentAfter.querySelector("[data-start]"));
    if (segmentAfter) return Number(segmentAfter.dataset.start);
    var segments = node.querySelectorAll ? node.querySelectorAll("[data-start]") : [];
    var last = segments[segments.length - 1];
    return last ? Number(last.dataset.start) + Array.from(last.textContent).length : null;
  }

  function readSelection() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    var start = boundaryOffset(range.startContainer, range.startOffset);
    var end = boundaryOffset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    var text = selection.toString();
    var lead = Array.from(text).length - Array.from(text.replace(/^\s+/, "")).length;
    var trail = Array.from(text).length - Array.from(text.replace(/\s+$/, "")).length;
    return { start: start + lead, end: end - trail, text: text.trim() };
  }

  document.addEventListener("selectionchange", function () {
    var found = readSelection();
    if (found && found.end > found.start) lastSelection = found;
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-use-selection]");
    if (!button) return;
    var form = button.closest("form");
    if (!lastSelection) {
      form.querySelector("[data-selection-preview]").textContent = "First select the words in the article's text.";
      return;
    }
    form.querySelector("[data-start-field]").value = lastSelection.start;
    form.querySelector("[data-end-field]").value = lastSelection.end;
    form.querySelector("[data-selection-preview]").textContent = lastSelection.text;
  });

  // -- walking the quotes ---------------------------------------------------------------------------------
  function items() {
    return Array.from(document.querySelectorAll(".quote-item[data-position]")).sort(function (a, b) {
      return Number(a.dataset.position) - Number(b.dataset.position);
    });
  }

  function current() {
    var active = document.activeElement && document.activeElement.closest(".quote-item");
    return active || document.querySelector(".quote-item.current");
  }

  function select(item) {
    if (!item) return;
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    item.classList.add("current");
    document.querySelectorAll('mark[data-quote="' + item.dataset.quote + '"]').forEach(function (mark) {
      mark.classList.add("current");
    });
    var mark = document.getElementById("q" + item.dataset.quote);
    if (mark) mark.scrollIntoView({ block: "center" });
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }

  function step(delta) {
    var list = items();
    if (!list.length) return;
    var index = list.indexOf(current());
    var next = index < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, index + delta));
    select(list[next]);
  }

  // The correction form loads when its <details> first opens: the s key focuses its speaker field as soon as
  // it is there.
  var awaitingSpeaker = null; // the <details> whose form is on its way
  function focusSpeakerField(details) {
    var field = details.querySelector("[data-speaker-field]");
    awaitingSpeaker = field ? null : details;
    if (field) field.focus();
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (awaitingSpeaker && event.target && awaitingSpeaker.contains(event.target)) focusSpeakerField(awaitingSpeaker);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    var item = current();
    var button;
    switch (event.key) {
      case "j": step(1); break;
      case "k": step(-1); break;
      case "c":
        button = item && item.querySelector('[data-action="confirm"]');
        if (button) button.click();
        break;
      case "x":
        button = item && item.querySelector('[data-action="reject"]');
        if (button) button.click();
        break;
      case "s":
        if (!item) return;
        var details = item.querySelector("details.correct");
        if (!details) return;
        details.open = true; // which asks for the form, if it is not there yet
        focusSpeakerField(details);
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-quote]");
    if (mark && window.getSelection().isCollapsed) {
      select(document.getElementById("item-q" + mark.dataset.quote));
      return;
    }
    // a click on a quote card (not on one of its controls) selects it for the keys, as a highlight does
    var card = event.target.closest(".quote-item[data-position]");
    if (card && !event.target.closest("button, input, select, textarea, summary, label, details, form")) {
      select(card);
    }
  });

  // -- keeping focus across swaps -------------------------------------------------------------------------
  document.addEventListener("htmx:beforeRequest", function (event) {
    var item = event.target.closest && event.target.closest(".quote-item");
    if (item) {
      lastQuote = item.dataset.quote;
      lastPosition = Number(item.dataset.position || 0);
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.target || event.target.id !== "article-body" || !lastQuote) return;
    var item = document.getElementById("item-q" + lastQuote);
    if (!item || !item.dataset.position) {
      // the quote left the list (rejected): go on with the one now at its place
      var list = items();
      item = list[Math.min(lastPosition, list.length - 1)] || null;
    }
    var alert = document.querySelector("#article-body [role=alert]");
    if (alert) {
      var holder = alert.closest(".quote-item, details");
      if (holder && holder.tagName === "DETAILS") holder.open = true;
      alert.setAttribute("tabindex", "-1");
      alert.focus();
      return;
    }
    if (item) select(item);
  });
})();
