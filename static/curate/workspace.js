// The curation workspace: quotes are taken by selecting passages of the source, never typed.
// Offsets are counted in characters of the source's text, as the server stores them.
(function () {
  "use strict";

  // The server counts characters as Python does (code points); JavaScript counts UTF-16
  // units, two for a character outside the Basic Multilingual Plane (𝑝, an emoji).
  function codePoints(text) {
    return Array.from(text).length;
  }

  // Case report screen: the source is a read-only textarea, whose selection gives offsets.
  function caseReportScreen() {
    var source = document.getElementById("source-selection");
    if (!source) return;
    var status = document.getElementById("selection-status");
    var last = null; // the last selection made in the source, kept when focus moves away

    // Not `readonly`: Chromium gives a read-only textarea no caret, so it could not be
    // selected with the keyboard. Every edit is refused instead; the text has no name and
    // is never sent.
    source.addEventListener("beforeinput", function (event) {
      event.preventDefault();
    });

    function remember() {
      if (source.selectionEnd > source.selectionStart) {
        last = { start: source.selectionStart, end: source.selectionEnd };
        status.textContent = "Selected " + (last.end - last.start) + " characters.";
      }
    }
    ["select", "mouseup", "keyup"].forEach(function (name) {
      source.addEventListener(name, remember);
    });

    document.querySelectorAll(".quote-actions").forEach(function (actions) {
      actions.hidden = false;
    });
    document.querySelectorAll(".use-selection").forEach(function (button) {
      button.addEventListener("click", function () {
        var quote = document.getElementById(button.dataset.quote);
        var start = document.getElementById(button.dataset.start);
        if (!last) {
          status.textContent = "Select the passage in the source text first.";
          source.focus();
          return;
        }
        quote.value = source.value.slice(last.start, last.end);
        start.value = String(codePoints(source.value.slice(0, last.start)));
        status.textContent = "Quote filled: " + quote.labels[0].textContent.trim();
      });
    });
    document.querySelectorAll(".clear-quote").forEach(function (button) {
      button.addEventListener("click", function () {
        document.getElementById(button.dataset.quote).value = "";
        document.getElementById(button.dataset.start).value = "";
      });
    });
  }

  // Reading a source: the text holds <mark>s, so offsets are counted through its text nodes.
  function offsetIn(container, node, offset) {
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    var count = 0;
    while (walker.nextNode()) {
      var value = walker.currentNode.nodeValue;
      if (walker.currentNode === node) return count + codePoints(value.slice(0, offset));
      count += codePoints(value);
    }
    return null;
  }

  function sourcePage() {
    var text = document.getElementById("source-text");
    var actions = document.getElementById("selection-actions");
    var links = document.querySelectorAll(".selection-link");
    if (!text || !actions) return;
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      if (!selection.rangeCount || selection.isCollapsed) return;
      var range = selection.getRangeAt(0);
      if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
      var start = offsetIn(text, range.startContainer, range.startOffset);
      var end = offsetIn(text, range.endContainer, range.endOffset);
      if (start === null || end === null || end <= start) return;
      links.forEach(function (link) {
        link.href = link.dataset.base + "?start=" + start + "&end=" + end;
      });
      document.getElementById("selection-what").textContent = "the selected passage";
    });
  }

  caseReportScreen();
  sourcePage();
})();
