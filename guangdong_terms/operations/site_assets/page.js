// The search box of the glossary site: results as links, reachable by keyboard alone.
// Typing searches; ArrowDown moves from the box into the results and through them, ArrowUp
// back, Escape returns to the box; Enter opens the focused result (or, in the box, the first).
(function () {
  "use strict";
  const input = document.getElementById("search");
  const list = document.getElementById("results");
  const status = document.getElementById("status");
  if (!input || !list || !window.GDTERMS_INDEX) return;
  const searcher = window.GdtermsSearch.createSearcher(window.GDTERMS_INDEX);
  const fields = window.GDTERMS_INDEX.fields;
  const LANGS = { zh: "zh-Hans", alias: "zh-Hans", zh_hk: "zh-Hant-HK", alias_hk: "zh-Hant-HK",
    zh_tw: "zh-Hant-TW", alias_tw: "zh-Hant-TW", alias_pinyin: "zh-Hans",
    alias_initials: "zh-Hans", pinyin: "zh-Latn-pinyin", initials: "zh-Latn-pinyin" };

  function span(text, lang, cls) {
    const el = document.createElement("span");
    el.textContent = text;
    el.lang = lang;
    if (cls) el.className = cls;
    return el;
  }

  function links() {
    return Array.from(list.querySelectorAll("a"));
  }

  function show() {
    const query = input.value;
    list.replaceChildren();
    if (!query.trim()) {
      status.textContent = "";
      return;
    }
    const hits = searcher.search(query, 10);
    for (const hit of hits) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "terms/" + encodeURIComponent(hit.term.id) + ".html";
      link.className = "hit";
      link.dataset.id = hit.term.id;
      link.append(span(hit.term.zh, "zh-Hans", "zh"), " ", span(hit.term.en, "en", "en"), " ",
        span(hit.term.pinyin, "zh-Latn-pinyin", "pinyin"));
      const why = document.createElement("span");
      why.className = "why";
      const label = fields[hit.field] || hit.field;
      if (hit.text === hit.term.pinyin) why.append(" (" + label + ")");
      else why.append(" (" + label + ": ", span(hit.text, LANGS[hit.field] || "en"), ")");
      link.append(why);
      item.append(link);
      list.append(item);
    }
    status.textContent = hits.length
      ? hits.length + (hits.length === 1 ? " term matches." : " terms match.")
        + " Press the down arrow to move through them."
      : "No term matches “" + query + "”.";
  }

  input.addEventListener("input", show);
  input.addEventListener("keydown", (event) => {
    const all = links();
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[0].focus();
    } else if (event.key === "Enter" && all.length) {
      event.preventDefault();
      all[0].click();
    }
  });
  list.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at === 0 ? input : all[at - 1]).focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.focus();
    }
  });
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    show();
  }
})();
