// The review desk in the article page: selections of the article's text become character offsets, keyboard
// shortcuts walk the quotes, and focus stays on the quote being worked on across htmx swaps. Everything here
// is a convenience: the forms work without it.
(function () {
  "use strict";

  var lastSelection = null; // {start, end, text} of the last selection made inside the article's text
  var lastQuote = null; // id of the quote an action was taken on, to focus it again after the swap
  var lastPosition = 0; // and its place in the article, for when it leaves the list (rejected)
  var walkedTo = null; // id of the quote walked to (j, k) while a change was on its way: it stays selected

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
    // between a change's swap and its settling, the quote acted on is still the one the keys are on
    return active || document.querySelector(".quote-item.current") ||
      (lastQuote && document.getElementById("item-q" + lastQuote));
  }

  // The text and the list side by side (wide screens), or one above the other (a phone).
  function sideBySide() {
    return window.matchMedia("(min-width: 60rem)").matches;
  }

  // Select a quote for the keys. How far the page moves depends on where the reader is: walking with j/k
  // brings the quote's words into view; a tap on a highlight on a phone opens the quote's row as a sheet
  // over the text, where the reader is; after a change, nothing moves unless the quote is out of sight.
  function select(item, how) {
    if (!item) return;
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    item.classList.add("current");
    document.querySelectorAll('mark[data-quote="' + item.dataset.quote + '"]').forEach(function (mark) {
      mark.classList.add("current");
    });
    var mark = document.getElementById("q" + item.dataset.quote);
    if (how === "tap" && !sideBySide()) {
      openSheet(item);
    } else if (how === "walk" && mark && (sideBySide() || sheetOpen())) {
      mark.scrollIntoView({ block: "center" });
    }
    item.focus({ preventScroll: true });
    if (how !== "sheet" && !item.classList.contains("sheet")) item.scrollIntoView({ block: "nearest" });
  }

  // -- the sheet: a quote's row over the text, on a phone ----------------------------------------------
  var sheetQuote = null; // id of the quote open in the sheet, kept across swaps

  function sheetOpen() {
    return sheetQuote !== null;
  }

  function openSheet(item) {
    document.querySelectorAll(".quote-item.sheet").forEach(function (el) { el.classList.remove("sheet"); });
    item.classList.add("sheet");
    sheetQuote = item.dataset.quote;
    document.body.classList.add("with-sheet");
  }

  function closeSheet() {
    var item = document.querySelector(".quote-item.sheet");
    if (item) item.classList.remove("sheet");
    sheetQuote = null;
    document.body.classList.remove("with-sheet");
    var mark = item && document.getElementById("q" + item.dataset.quote);
    if (mark) {
      mark.setAttribute("tabindex", "-1");
      mark.focus({ preventScroll: true }); // back where the reader was
    }
  }

  function step(delta) {
    var list = items();
    if (!list.length) return;
    var index = list.indexOf(current());
    var next = index < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, index + delta));
    if (sheetOpen()) openSheet(list[next]);
    walkedTo = list[next].dataset.quote;
    select(list[next], "walk");
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
    if (event.key === "Escape" && sheetOpen()) {
      closeSheet();
      event.preventDefault();
      return;
    }
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
        if (!details || !details.hasAttribute("hx-get") && !details.querySelector(".correct-body")) return;
        details.open = true; // which asks for the form, if it is not there yet
        focusSpeakerField(details);
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-close-sheet]")) {
      closeSheet();
      return;
    }
    var mark = event.target.closest("mark[data-quote]");
    if (mark && window.getSelection().isCollapsed) {
      select(document.getElementById("item-q" + mark.dataset.quote), "tap");
      return;
    }
    // a click on a quote's row (not on one of its controls) selects it for the keys, as a highlight does
    var card = event.target.closest(".quote-item[data-position]");
    if (card && !event.target.closest("a, button, input, select, textarea, summary, label, form, .correct[open] > :not(summary)")) {
      select(card, card.classList.contains("sheet") ? "sheet" : "walk");
    }
  });

  // -- after a change: its result beside the control, the page where it was -----------------------------
  document.addEventListener("htmx:beforeRequest", function (event) {
    var item = event.target.closest && event.target.closest(".quote-item");
    // only a change made in a quote's row brings the focus back to that quote
    lastQuote = item ? item.dataset.quote : null;
    lastPosition = item ? Number(item.dataset.position || 0) : 0;
    walkedTo = null;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.target || event.target.id !== "article-body") return;
    var said = document.querySelector("#article-body [role=alert], #article-body [role=status]");
    var item = lastQuote && document.getElementById("item-q" + lastQuote);
    if (lastQuote && (!item || !item.dataset.position) && !(said && said.closest(".quote-item"))) {
      // the quote left the walk (rejected, in the by-speaker view): go on with the one now at its place
      var list = items();
      item = list[Math.min(lastPosition, list.length - 1)] || null;
    }
    if (said && said.closest(".quote-item")) item = said.closest(".quote-item");
    // the reader walked on (j, k) before the change came back: the quote walked to keeps the keys
    var walked = walkedTo && document.getElementById("item-q" + walkedTo);
    if (walked) item = walked;
    if (item && sheetQuote !== null) {
      openSheet(item);
    }
    if (item) select(item, item.classList.contains("sheet") ? "sheet" : "swap");
    if (said && !walked) {
      // open whatever holds it (the set-apart rejected quotes, a speaker's form), then show it, in place
      for (var holder = said.closest("details"); holder; holder = holder.parentElement.closest("details")) {
        holder.open = true;
      }
      said.setAttribute("tabindex", "-1");
      said.focus({ preventScroll: true });
      said.scrollIntoView({ block: "nearest" });
    }
  });

  // a quote opened from elsewhere (a search hit: ?quote=): selected for the keys, its words in view
  document.addEventListener("DOMContentLoaded", function () {
    var opened = document.querySelector(".quote-item.current");
    if (opened) select(opened, sideBySide() ? "walk" : "swap");
  });
})();
