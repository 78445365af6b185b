/*
 * Record search for the header search box: schools, networks, policies,
 * events and suppliers, found by name, URN, postcode, place or any word of
 * their record, from a sharded index that the build writes (see
 * generator/exports/search_shards.py):
 *
 *   search/records/manifest.json   {"version", "records", "shards": [prefix, ...],
 *                                   "split": [prefix, ...], "common": [word, ...],
 *                                   "directory": "schools/", "fold": {...}}
 *   search/records/<prefix>.json   {"key", "records": [[title, kind line, url, "tok tok ..."], ...]}
 *
 * A shard holds every record having a token that starts with its prefix; a
 * "split" prefix was too big, so its records live under longer prefixes
 * (and its own file, if any, holds only the token equal to it). A search
 * fetches the manifest once and the one shard for its most selective word,
 * then checks every query word against each record's tokens. Words in the
 * "common" list ("school", "primary") are in too many records to file:
 * they narrow a search but cannot start one.
 *
 * How text becomes words is the manifest's "fold": the normal form, the
 * characters dropped after it (accents, apostrophes) and a postcode's
 * outward and inward codes, which the build folds the records by
 * (FOLDING in search_shards.py); words are then runs of letters and digits
 * (tests/test_search_client.py runs this file in Node against the build).
 * Loaded in Node (`require`), the file exports its pure part, for those tests.
 *
 * Progressive enhancement: without this file the theme's search still finds
 * the content pages and directories. The results use the theme's own
 * classes, placed before the theme's list in its result panel, so they look
 * native and its arrow-key navigation reaches them.
 */
(() => {
  "use strict";

  const FOLDER = "search/records/";
  const FORMAT = 1;
  const DELAY_MS = 120;
  const SHOWN = 10;
  const SCORES = [1000, 100, 10, 0]; // by rank: the theme's Enter key opens the best score
  const BROAD = "Add a name, place, URN or postcode, or";
  const WORD = /[\p{L}\p{N}]+/gu;

  /**
   * Folding, words and query words, by the manifest's rules: lower case
   * without accents or apostrophes, as the build folds the records.
   */
  function folding(rules) {
    const drop = new RegExp(rules.drop, "gu");
    const outward = new RegExp(`^(?:${rules.outward})$`, "u");
    const inward = new RegExp(`^(?:${rules.inward})$`, "u");
    const fold = (text) => text.normalize(rules.normalize).replace(drop, "").toLowerCase();
    const words = (text) => fold(text).match(WORD) || [];

    /** The query's words, a postcode typed with its space ("NE1 4ST") made one word. */
    function queryWords(text) {
      const found = words(text);
      const out = [];
      for (let i = 0; i < found.length; i++) {
        const next = found[i + 1];
        if (next !== undefined && outward.test(found[i]) && inward.test(next)) {
          out.push(found[i] + next);
          i++;
        } else {
          out.push(found[i]);
        }
      }
      return [...new Set(out)];
    }

    return { fold, words, queryWords };
  }

  /** The manifest as the search uses it: sets to look keys up in, and its folding. */
  function readManifest(data) {
    if (data.version !== FORMAT || !data.fold) {
      throw new Error(`record index format ${data.version}`);
    }
    return {
      keys: new Set(data.shards),
      split: new Set(data.split),
      common: data.common,
      commonSet: new Set(data.common),
      directory: data.directory,
      ...folding(data.fold),
    };
  }

  /** A shard's file name: its key, or "_" and hex code points (same rule as the build). */
  function fileStem(key) {
    if (/^[a-z0-9]+$/.test(key) && key !== "manifest") return key;
    return "_" + [...key].map((ch) => ch.codePointAt(0).toString(16)).join("-");
  }

  /** Could the word be the start of a common word? Then it narrows but cannot lead. */
  function isBroad(word, index) {
    return index.common.some((common) => common.startsWith(word));
  }

  /** The word to fetch a shard for: the longest that is not common, or null. */
  function leadingWord(query, index) {
    const byLength = (a, b) => b.length - a.length;
    const selective = query.filter((w) => !isBroad(w, index)).sort(byLength);
    if (selective.length) return { word: selective[0], partial: false };
    const possible = query.filter((w) => !index.commonSet.has(w)).sort(byLength);
    return possible.length ? { word: possible[0], partial: true } : null;
  }

  /**
   * Where the word's records are: the longest shard prefix of it. Null when
   * no record has a token starting with it; `partial` when the prefix was
   * split and the word is that prefix exactly (only exact matches are found).
   */
  function shardFor(word, index) {
    for (let length = word.length; length > 0; length--) {
      const key = word.slice(0, length);
      if (index.split.has(key)) {
        if (length < word.length || !index.keys.has(key)) return null;
        return { key, partial: true };
      }
      if (index.keys.has(key)) return { key, partial: false };
    }
    return null;
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { readManifest, fileStem, leadingWord, shardFor };
    return;
  }

  const input = document.querySelector('input[data-md-component="search-query"]');
  const panel = document.querySelector(".md-search-result");
  if (!input || !panel || !window.fetch || !window.URL) return;

  const root = siteRoot();
  const shards = new Map(); // file stem -> Promise of records
  let manifest = null; // Promise of the manifest, with Sets
  let timer = 0;
  let generation = 0;
  const view = makeView();

  /** The site's root URL: the theme writes it, relative to the page, in #__config. */
  function siteRoot() {
    let base = ".";
    const config = document.getElementById("__config");
    try {
      base = JSON.parse(config.textContent).base || ".";
    } catch (error) {
      // No config: assume the page is at the root.
    }
    const url = new URL(base, window.location.href);
    if (!url.pathname.endsWith("/")) url.pathname += "/";
    url.search = "";
    url.hash = "";
    return url;
  }

  function fetchJson(path) {
    return fetch(new URL(path, root).href).then((response) => {
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return response.json();
    });
  }

  function loadManifest() {
    if (!manifest) {
      manifest = fetchJson(FOLDER + "manifest.json").then(readManifest);
      manifest.catch(() => {
        manifest = null; // Try again on the next search.
      });
    }
    return manifest;
  }

  function loadShard(key) {
    const stem = fileStem(key);
    if (!shards.has(stem)) {
      const promise = fetchJson(`${FOLDER}${stem}.json`).then((data) =>
        data.records.map(([title, kind, url, tokens]) => ({
          title,
          kind,
          url,
          tokens: tokens.split(" "),
        })),
      );
      promise.catch(() => shards.delete(stem));
      shards.set(stem, promise);
    }
    return shards.get(stem);
  }

  function matches(record, query) {
    return query.every((word) => record.tokens.some((token) => token.startsWith(word)));
  }

  /** 0: the name is the query; 1: the name starts with it; 2: every word in the name; 3: other. */
  function rank(record, query, index) {
    const title = index.words(record.title);
    const phrase = query.join(" ");
    const name = title.join(" ");
    if (name === phrase) return 0;
    if (name.startsWith(phrase)) return 1;
    return query.every((word) => title.some((t) => t.startsWith(word))) ? 2 : 3;
  }

  function ranked(records, query, index) {
    return records
      .filter((record) => matches(record, query))
      .map((record) => ({ record, rank: rank(record, query, index) }))
      .sort(
        (a, b) =>
          a.rank - b.rank ||
          a.record.title.localeCompare(b.record.title) ||
          (a.record.url < b.record.url ? -1 : a.record.url > b.record.url ? 1 : 0),
      );
  }

  async function search(text, run) {
    if (!text.trim()) return view.clear();
    view.busy();
    let index;
    try {
      index = await loadManifest();
    } catch (error) {
      if (run === generation) view.failed();
      return;
    }
    if (run !== generation) return;
    const query = index.queryWords(text);
    if (!query.length) return view.clear();
    const lead = leadingWord(query, index);
    if (!lead) return view.show([], { broad: true, directory: index.directory });
    const place = shardFor(lead.word, index);
    let records = [];
    if (place) {
      try {
        records = await loadShard(place.key);
      } catch (error) {
        if (run === generation) view.failed();
        return;
      }
    }
    if (run !== generation) return;
    view.show(ranked(records, query, index), {
      broad: lead.partial,
      partial: Boolean(place && place.partial),
      directory: index.directory,
    });
  }

  function schedule() {
    clearTimeout(timer);
    const run = ++generation;
    const text = input.value;
    timer = setTimeout(() => search(text, run), DELAY_MS);
  }

  /** The "Records" section of the result panel, and how it shows each state. */
  function makeView() {
    const section = document.createElement("section");
    section.className = "sn-records";
    section.hidden = true;
    const meta = document.createElement("div");
    meta.className = "md-search-result__meta sn-records__meta";
    const label = document.createElement("h2");
    label.className = "sn-records__label";
    label.id = "sn-records-label";
    label.textContent = "Records";
    const status = document.createElement("span");
    status.className = "sn-records__status";
    status.setAttribute("role", "status");
    meta.append(label, status);
    const list = document.createElement("ol");
    list.className = "md-search-result__list sn-records__list";
    list.setAttribute("aria-labelledby", label.id);
    const note = document.createElement("p");
    note.className = "sn-records__note";
    note.hidden = true;
    section.append(meta, list, note);
    section.setAttribute("aria-labelledby", label.id);
    panel.insertBefore(section, panel.firstChild);

    function item(record, score) {
      const li = document.createElement("li");
      li.className = "md-search-result__item";
      const link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = new URL(record.url, root).href;
      link.tabIndex = -1; // As the theme's results: arrow keys move between them.
      const article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      article.setAttribute("data-md-score", String(score));
      const title = document.createElement("h1");
      title.textContent = record.title;
      const kind = document.createElement("p");
      kind.className = "sn-records__kind";
      kind.textContent = record.kind;
      article.append(title, kind);
      link.append(article);
      li.append(link);
      return li;
    }

    function setNote(parts) {
      note.replaceChildren(...parts);
      note.hidden = parts.length === 0;
    }

    function directoryLink(directory) {
      const link = document.createElement("a");
      link.href = new URL(directory || "", root).href;
      link.textContent = "filter the directory";
      return link;
    }

    return {
      clear() {
        section.hidden = true;
        section.removeAttribute("data-state");
        list.replaceChildren();
        setNote([]);
        status.textContent = "";
      },
      busy() {
        section.hidden = false;
        section.setAttribute("data-state", "busy");
      },
      failed() {
        section.hidden = false;
        section.setAttribute("data-state", "done");
        list.replaceChildren();
        setNote([]);
        status.textContent = "Record search is unavailable: its index could not be loaded";
      },
      show(results, { broad = false, partial = false, directory = "" }) {
        section.hidden = false;
        list.replaceChildren(
          ...results.slice(0, SHOWN).map(({ record, rank }) => item(record, SCORES[rank])),
        );
        const count = results.length;
        const more = count - SHOWN;
        const notes = [];
        if (more > 0) {
          notes.push(`${more} more ${more === 1 ? "record" : "records"}: add a word to narrow the search. `);
        }
        if (partial) notes.push("Keep typing to find more records. ");
        if (broad) notes.push(`${BROAD} `, directoryLink(directory), ".");
        setNote(notes);
        if (count) {
          status.textContent = `${count} matching ${count === 1 ? "record" : "records"}`;
        } else {
          status.textContent = broad ? "Too many records to list" : "No matching records";
        }
        section.setAttribute("data-state", "done");
      },
    };
  }

  input.addEventListener("input", schedule);
  if (input.form) input.form.addEventListener("reset", () => setTimeout(schedule, 0));
  // The theme fills the box from ?q= after loading: search what it holds then.
  input.addEventListener("focus", () => {
    if (input.value && panel.querySelector(".sn-records[hidden]")) schedule();
  });
  if (input.value) schedule();
})();
