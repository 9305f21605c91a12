// qa chat UI: citation chips open the article, copy gives plain text, messages are read as text.
(function () {
  "use strict";
  function chatScroller() {
    var chat = document.getElementById("qa-chat");
    if (!chat) return null;
    var el = chat.querySelector(".bubble-wrap") || chat;
    var all = chat.querySelectorAll("*");
    for (var i = 0; i < all.length; i++) {
      var s = getComputedStyle(all[i]);
      if ((s.overflowY === "auto" || s.overflowY === "scroll") && all[i].scrollHeight > all[i].clientHeight) return all[i];
    }
    return el;
  }
  // After an answer: show the start of the newest question and answer, not the end.
  window.qaScrollToLatest = function () {
    setTimeout(function () {
      var chat = document.getElementById("qa-chat");
      if (!chat) return;
      var users = chat.querySelectorAll(".qa-q");
      var last = users[users.length - 1];
      var sc = chatScroller();
      if (!last || !sc) return;
      var row = last.closest("[class*='message-row']") || last;
      var top = row.getBoundingClientRect().top - sc.getBoundingClientRect().top + sc.scrollTop - 8;
      sc.scrollTop = Math.max(0, top);
    }, 60);
  };
  // After an answer, when the box is unlocked again: put the focus back in it if it was lost to the page
  // (the box is disabled while an answer is pending, which drops its focus), so the next question can be
  // typed at once. Not on touch screens, where focusing the box would open the keyboard over the answer.
  window.qaRefocus = function () {
    setTimeout(function () {
      var box = document.querySelector("#qa-question textarea");
      var active = document.activeElement;
      if (!box || box.disabled || !window.matchMedia("(pointer: fine)").matches) return;
      if (!active || active === document.body || active === document.documentElement) box.focus({ preventScroll: true });
    }, 80);
  };
  // After an article loads: scroll its panel to the answering sentence; on a phone, bring the panel into view.
  window.qaShowTarget = function () {
    setTimeout(function () {
      var body = document.getElementById("qa-reader-body");
      var target = document.getElementById("qa-target");
      var col = document.getElementById("qa-reader");
      if (!body || !target) return;
      var top = target.getBoundingClientRect().top - body.getBoundingClientRect().top + body.scrollTop;
      body.scrollTop = Math.max(0, top - body.clientHeight / 3);
      alignToLine(body);
      if (col) {
        var r = col.getBoundingClientRect();
        if (r.top < 0 || r.top > window.innerHeight * 0.5) col.scrollIntoView({ block: "start", behavior: "instant" });
      }
      body.focus({ preventScroll: true });
    }, 60);
  };
  // The panel's top edge must not cut a line of text: a sliver of one read as a stray mark under
  // the article's title. Scroll up to the start of the cut line (a few steps: a heading's margin
  // may bring the line above it to the edge).
  function alignToLine(body) {
    var edge = body.getBoundingClientRect().top + body.clientTop;
    for (var n = 0; n < 4 && body.scrollTop > 0; n++) {
      var cut = lineCutBy(body, edge);
      if (cut === null) return;
      body.scrollTop = Math.max(0, body.scrollTop - Math.ceil(edge - cut));
    }
  }
  // The top of the highest line box cut by ``edge`` (text rects plus their half-leading), or null.
  function lineCutBy(body, edge) {
    var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT), range = document.createRange(), node, best = null;
    while ((node = walker.nextNode())) {
      if (!node.nodeValue.trim()) continue;
      range.selectNodeContents(node);
      var rects = range.getClientRects();
      if (rects.length && rects[0].top > edge + 200) break;  // text nodes come in reading order
      for (var i = 0; i < rects.length; i++) {
        var r = rects[i];
        if (r.height === 0 || r.top >= edge - 0.5 || r.bottom <= edge + 0.5) continue;
        var lh = parseFloat(getComputedStyle(node.parentElement).lineHeight);
        var top = r.top - (lh > r.height ? (lh - r.height) / 2 : 0);
        best = best === null ? top : Math.min(best, top);
      }
    }
    return best;
  }
  function openCitation(cid) {
    var box = document.querySelector("#qa-cite-id textarea, #qa-cite-id input");
    var go = document.querySelector("#qa-cite-go");
    if (!box || !go) return;
    box.value = cid;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    setTimeout(function () { go.click(); }, 0);
  }
  document.addEventListener("click", function (e) {
    var chip = e.target.closest && e.target.closest("a[href^='#qa-cite-']");
    if (chip) {
      e.preventDefault();
      e.stopPropagation();
      openCitation(chip.getAttribute("href").slice("#qa-cite-".length));
      return;
    }
    // The chat's copy button: copy the answer as plain text with its citations, not its HTML.
    var btn = e.target.closest && e.target.closest("#qa-chat button");
    if (btn && /copy/i.test((btn.getAttribute("aria-label") || "") + " " + (btn.getAttribute("title") || ""))) {
      var holder = btn.closest("[class*='message-buttons']");
      var row = holder && holder.previousElementSibling;
      while (row && !/message-row/.test(row.className)) row = row.previousElementSibling;
      if (row && navigator.clipboard) {
        var plain = row.querySelector(".qa-plain");
        var content = row.querySelector(".message-content") || row;
        e.preventDefault();
        e.stopPropagation();
        navigator.clipboard.writeText(plain ? plain.textContent : content.innerText.trim());
      }
    }
  }, true);
  // Screen readers: name each message by its text, not by its HTML source.
  function relabel() {
    // Gradio's example list has role="list" but button children (axe: aria-required-children).
    document.querySelectorAll("#qa-chat .examples[role='list']").forEach(function (el) { el.removeAttribute("role"); });
    document.querySelectorAll("#qa-chat [data-testid='bot'][aria-label], #qa-chat [data-testid='user'][aria-label]").forEach(function (el) {
      var who = el.getAttribute("data-testid") === "bot" ? "Answer" : "Question";
      var clone = el.cloneNode(true);
      clone.querySelectorAll(".qa-plain, .qa-passages").forEach(function (x) { x.remove(); });
      clone.querySelectorAll("p, li, summary, blockquote").forEach(function (x) { x.append(" "); });
      var text = (clone.textContent || "").replace(/\s+/g, " ").trim();
      var want = who + ": " + text.slice(0, 400);
      if (el.getAttribute("aria-label") !== want) el.setAttribute("aria-label", want);
    });
  }
  // Gradio has no Hungarian locale: swap the page's own English words (never an answer's) for the
  // browser's language when qa ships them (window.qaPageText, from the language records).
  var lang = ((navigator.languages && navigator.languages[0]) || navigator.language || "").toLowerCase().split("-")[0];
  var pageText = (window.qaPageText || {})[lang];
  function translatePage() {
    if (!pageText) return;
    // What a screen reader and the browser tab read: the page's language and title.
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    if (Object.prototype.hasOwnProperty.call(pageText, document.title)) document.title = pageText[document.title];
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var t = node.nodeValue.trim();
      if (t && Object.prototype.hasOwnProperty.call(pageText, t) && !node.parentElement.closest("#qa-chat .message")) {
        node.nodeValue = node.nodeValue.replace(t, pageText[t]);
      }
    }
    document.querySelectorAll("[placeholder]").forEach(function (el) {
      var p = el.getAttribute("placeholder");
      if (Object.prototype.hasOwnProperty.call(pageText, p)) el.setAttribute("placeholder", pageText[p]);
    });
    // Names read out for the dropdown and its options (the chat's are relabel()'s).
    document.querySelectorAll("[aria-label]").forEach(function (el) {
      var a = el.getAttribute("aria-label");
      if (Object.prototype.hasOwnProperty.call(pageText, a) && !el.closest("#qa-chat")) el.setAttribute("aria-label", pageText[a]);
    });
    translateValues();
  }
  // The dropdown shows its choice as an input's value, not a text node. Only the shown text changes:
  // no input event is sent, so Gradio keeps its own (English) name and the value it sends (bm25, ...).
  // Gradio writes the value again only when the choice changes; translateSoon() follows it there.
  function translateValues() {
    if (!pageText) return;
    document.querySelectorAll("input[role='combobox']").forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(pageText, el.value)) el.value = pageText[el.value];
    });
  }
  function translateSoon() {
    if (!pageText) return;
    setTimeout(translateValues, 0);
    requestAnimationFrame(translateValues);
  }
  ["mousedown", "mouseup", "keydown", "keyup", "focusin", "focusout"].forEach(function (type) {
    document.addEventListener(type, translateSoon, true);
  });
  var timer = null;
  new MutationObserver(function () {
    translateSoon();
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () { relabel(); translatePage(); }, 30);
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-label"] });
})();
