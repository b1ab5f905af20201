// The glossary site's search: the scoring of guangdong_terms/core/search.py (search_records),
// run over the keys that module computed at build time (search-index.js, client_keys). Only
// the query is normalised here; every form's pinyin, initials, English words and Traditional
// spellings come from Python, so the two cannot disagree about what a form is.
// tests/test_site_search.py runs 50 queries through both and compares the top hits.
// Read the Python module's docstring for the scale (100 exact ... 25 and below a typo).
(function (root) {
  "use strict";

  const HAN = /[\u3400-\u9fff\u{20000}-\u{3134f}]/u;
  const TONE_NUMBER = /(?<=[a-zü])[1-5]/giu;
  const WORD = /[\p{L}\p{N}]+/gu; // Python's [^\W_]+
  const PINYIN_WORDS = /[\s\-–—]+/u;
  // A possessive 's, or the apostrophe after a plural's s (members').
  const POSSESSIVE = /(?<=[\p{L}\p{N}])['’]s(?![\p{L}\p{N}_])|(?<=s)['’](?![\p{L}\p{N}_])/gu;
  const ARTICLES = new Set(["a", "an", "the"]);
  const TYPO_SHARE = 0.25;

  const isAlnum = (c) => /^[\p{L}\p{N}]$/u.test(c);
  const isAlpha = (s) => s.length > 0 && /^\p{L}+$/u.test(s);
  const length = (s) => Array.from(s).length; // code points, as Python counts
  const dropMarks = (s) => s.replace(/\p{M}/gu, "");

  // Python's round(x, 1): the nearest tenth of the exact binary value, exact ties to even.
  function round1(x) {
    if (Number.isInteger(x * 4) && !Number.isInteger(x * 2)) {
      const tenths = Math.floor(x * 10);
      return (tenths % 2 === 0 ? tenths : tenths + 1) / 10;
    }
    return Number(x.toFixed(1));
  }

  function makeLookupKey(fold) {
    return function lookupKey(text) {
      let folded = "";
      for (const c of text.normalize("NFKC")) {
        if (Object.prototype.hasOwnProperty.call(fold, c)) {
          if (fold[c] !== null) folded += fold[c];
        } else {
          folded += c;
        }
      }
      return folded.split(/\s+/u).filter(Boolean).join(" ").toLowerCase().replace(/ß/g, "ss");
    };
  }

  function toneless(pinyin) {
    const text = dropMarks(pinyin.normalize("NFD").replace(TONE_NUMBER, "")).toLowerCase();
    return Array.from(text).filter(isAlnum).join("").replace(/v/g, "u");
  }

  function englishWords(text, lookupKey) {
    let t = text.normalize("NFKC").replace(POSSESSIVE, "");
    t = dropMarks(t.normalize("NFD"));
    const tokens = lookupKey(t).split(" ");
    const kept = tokens.filter((tok, i) => !ARTICLES.has(tok) || i === tokens.length - 1);
    return kept.flatMap((tok) => tok.match(WORD) || []);
  }

  function coverage(base, span, part, whole) {
    return round1(Math.min(99, base + span * part / Math.max(whole, 1)));
  }

  function bigrams(text) {
    const cps = Array.from(text);
    const found = new Set();
    for (let i = 0; i < cps.length - 1; i++) found.add(cps[i] + cps[i + 1]);
    return found.size ? found : new Set([text]);
  }

  function scoreChinese(query, keys) {
    let best = null;
    const queryBigrams = bigrams(query);
    for (const [field, form, text] of keys.chinese) {
      if (query === form) return [100, field, text];
      let score;
      if (form.includes(query)) {
        score = coverage(50, 45, length(query), length(form)) + (form.startsWith(query) ? 3 : 0);
      } else {
        const formBigrams = bigrams(form);
        let shared = 0;
        for (const pair of queryBigrams) if (formBigrams.has(pair)) shared++;
        const dice = 2 * shared / (queryBigrams.size + formBigrams.size);
        if (dice < 0.4) continue;
        score = round1(20 + 30 * dice);
      }
      if (best === null || score > best[0]) best = [Math.min(score, 99), field, text];
    }
    return best;
  }

  function atStart(part, whole, starts) {
    let at = whole.indexOf(part);
    while (at >= 0) {
      if (starts === null || starts.has(at)) return at;
      at = whole.indexOf(part, at + 1);
    }
    return null;
  }

  function scorePinyin(flat, marked, keys) {
    if (length(flat) < 2) return null;
    if (flat === keys.pinyin) return [marked === keys.marked ? 98 : 95, "pinyin", ""];
    for (const [aliasPinyin, aliasInitials, alias] of keys.aliasPinyin) {
      if (flat === aliasPinyin) return [94, "alias_pinyin", alias];
      if (flat === aliasInitials) return [84, "alias_initials", alias];
    }
    const at = atStart(flat, keys.pinyin, keys.startSet);
    if (at !== null) {
      let bonus = marked && marked !== flat && keys.marked.includes(marked) ? 5 : 0;
      bonus += at === 0 ? 8 : 0;
      return [coverage(40 + bonus, 50, length(flat), length(keys.pinyin)), "pinyin", ""];
    }
    if (isAlpha(flat) && keys.initials.includes(flat)) {
      if (flat === keys.initials) return [85, "initials", ""];
      return [coverage(30, 45, length(flat), length(keys.initials)), "initials", ""];
    }
    return null;
  }

  const startsAWord = (words, part) => words.some((w) => w.startsWith(part));

  function spansWords(compact, spaced, form) {
    const ends = new Set([...form.starts, length(form.compact)]);
    return form.starts.some((start) => form.compact.startsWith(compact, start)
      && (spaced || ends.has(start + length(compact))));
  }

  function scoreEnglishForm(words, key, form) {
    const compact = words.join("");
    let tier;
    let score;
    if (key === form.key) {
      [tier, score] = [3, 100];
    } else if (words.length === form.words.length && words.every((w, i) => w === form.words[i])) {
      [tier, score] = [2, 98];
    } else if (compact === form.compact) {
      [tier, score] = [1, 96];
    } else if (words.every((q) => startsAWord(form.words, q))) {
      tier = 0;
      score = coverage(35, 55, length(compact), length(form.compact));
      if ((" " + form.words.join(" ")).includes(" " + words.join(" "))) {
        score = Math.min(99, score + 5);
      }
    } else if (spansWords(compact, words.length > 1, form)) {
      [tier, score] = [0, coverage(35, 55, length(compact), length(form.compact))];
    } else {
      return null;
    }
    return [tier, form.field === "en_avoid" ? round1(score * 0.8) : score];
  }

  function scoreEnglish(query, keys) {
    if (!query.words.length) return null;
    let best = null;
    for (const form of keys.english) {
      const scored = scoreEnglishForm(query.words, query.key, form);
      if (scored !== null && (best === null || scored[0] > best[0]
          || (scored[0] === best[0] && scored[1] > best[1]))) {
        best = [scored[0], scored[1], form.field, form.form];
      }
    }
    return best === null ? null : [best[1], best[2], best[3]];
  }

  const typoAllowance = (n) => (n < 4 ? 0 : n < 8 ? 1 : 2);

  // Optimal string alignment distance (rapidfuzz's OSA.distance), over code points.
  function osa(a, b) {
    const s = Array.from(a);
    const t = Array.from(b);
    const d = [];
    for (let i = 0; i <= s.length; i++) d.push([i]);
    for (let j = 1; j <= t.length; j++) d[0][j] = j;
    for (let i = 1; i <= s.length; i++) {
      for (let j = 1; j <= t.length; j++) {
        const cost = s[i - 1] === t[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[s.length][t.length];
  }

  function typoNeighbours(query, vocabulary) {
    const asked = new Set([...query.words, ...query.pinyinWords, query.flat]
      .filter((w) => length(w) >= 4 && isAlpha(w)));
    const found = new Map();
    for (const word of asked) {
      const cutoff = typoAllowance(length(word));
      const close = new Map();
      for (const candidate of vocabulary) {
        if (Math.abs(length(candidate) - length(word)) > cutoff) continue;
        const distance = osa(word, candidate);
        if (distance > 0 && distance <= cutoff
            && distance <= typoAllowance(Math.min(length(word), length(candidate)))) {
          close.set(candidate, distance);
        }
      }
      found.set(word, close);
    }
    return found;
  }

  function corrected(words, found, neighbours, matches) {
    const out = [];
    let changed = false;
    for (const word of words) {
      if (matches(word)) {
        out.push(word);
        continue;
      }
      const close = neighbours.get(word) || new Map();
      let best = null;
      for (const w of found) {
        if (!close.has(w)) continue;
        if (best === null || close.get(w) < close.get(best)
            || (close.get(w) === close.get(best) && w < best)) best = w;
      }
      if (best === null) return null;
      out.push(best);
      changed = true;
    }
    return changed ? out : null;
  }

  function scoreTypo(query, keys, neighbours) {
    const candidates = [];
    for (const form of keys.english) {
      const fixed = corrected(query.words, form.words, neighbours,
        (w) => startsAWord(form.words, w));
      if (fixed !== null) {
        const scored = scoreEnglishForm(fixed, fixed.join(" "), form);
        if (scored !== null) candidates.push([scored[1], form.field, form.form]);
      }
    }
    const close = neighbours.get(query.flat) || new Map();
    const wholes = [keys.pinyin, ...keys.aliasPinyin.map((entry) => entry[0])];
    let pinyinFix = wholes.filter((w) => close.has(w)).slice(0, 1);
    if (!pinyinFix.length) {
      pinyinFix = corrected(query.pinyinWords, keys.pinyinWords, neighbours,
        (q) => atStart(q, keys.pinyin, keys.startSet) !== null);
    }
    if (pinyinFix !== null) {
      const scored = scorePinyin(pinyinFix.join(""), "", keys);
      if (scored !== null) candidates.push(scored);
    }
    if (!candidates.length) return null;
    let best = candidates[0];
    for (const c of candidates) if (c[0] > best[0]) best = c;
    return [round1(best[0] * TYPO_SHARE), best[1], best[2]];
  }

  // Wraps the index once: keys as the scorers use them, the typo vocabulary, the tables.
  function createSearcher(index) {
    const lookupKey = makeLookupKey(index.fold);
    const terms = index.terms.map((term) => {
      const k = term.keys;
      return {
        ...term,
        keys: {
          ...k,
          startSet: k.starts === null ? null : new Set(k.starts),
          english: k.english.map(([field, form, key, words, compact, starts]) =>
            ({ field, form, key, words, compact, starts })),
        },
      };
    });
    const vocabulary = [...new Set(terms.flatMap((t) => t.keys.typoWords))].sort();
    const toSimplified = (text) => Array.from(text).map((c) => index.t2s[c] || c).join("");

    function addTraditional(key, hits) {
      if (hits.some((hit) => hit.score === 100)) return hits;
      const simplified = lookupKey(toSimplified(key)).replace(/ /g, "");
      if (simplified === key) return hits;
      const found = new Map(hits.map((hit) => [hit.position, hit]));
      terms.forEach((term, position) => {
        const scored = scoreChinese(simplified, term.keys);
        if (scored === null) return;
        const score = round1(scored[0] * 0.97);
        if (!found.has(position) || found.get(position).score < score) {
          found.set(position, { position, score, field: scored[1], text: scored[2] });
        }
      });
      return [...found.values()];
    }

    function search(text, limit = 10) {
      let key = lookupKey(text);
      if (!key || limit <= 0) return [];
      const isChinese = HAN.test(key);
      if (isChinese) key = key.replace(/ /g, "");
      const query = {
        key,
        marked: Array.from(text.normalize("NFC").toLowerCase()).filter(isAlnum).join(""),
        flat: toneless(text),
        words: englishWords(text, lookupKey),
        pinyinWords: text.split(PINYIN_WORDS).map(toneless).filter(Boolean),
      };
      let hits = [];
      const missed = [];
      terms.forEach((term, position) => {
        const scored = isChinese ? [scoreChinese(key, term.keys)] : [
          scoreChinese(key, term.keys), scorePinyin(query.flat, query.marked, term.keys),
          scoreEnglish(query, term.keys)];
        let best = null;
        for (const s of scored) if (s !== null && (best === null || s[0] > best[0])) best = s;
        if (best !== null) {
          hits.push({ position, score: best[0], field: best[1], text: best[2] || term.pinyin });
        } else {
          missed.push(position);
        }
      });
      if (isChinese) {
        hits = addTraditional(key, hits);
      } else if (hits.length < limit && missed.length) {
        const neighbours = typoNeighbours(query, vocabulary);
        if (neighbours.size) {
          for (const position of missed) {
            const typo = scoreTypo(query, terms[position].keys, neighbours);
            if (typo !== null) {
              hits.push({ position, score: typo[0], field: typo[1],
                text: typo[2] || terms[position].pinyin });
            }
          }
        }
      }
      hits.sort((a, b) => b.score - a.score
        || (terms[a.position].id < terms[b.position].id ? -1 : 1));
      return hits.slice(0, limit).map((hit) => ({ ...hit, term: terms[hit.position] }));
    }

    return { search, terms };
  }

  const api = { createSearcher, toneless, round1 };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.GdtermsSearch = api;
})(typeof window !== "undefined" ? window : globalThis);
