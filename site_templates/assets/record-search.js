/*
 * Record search for the header search box: schools, networks, policies,
 * events and suppliers, found by name, URN, postcode, place or any word of
 * their record, from a sharded index that the build writes (see
 * generator/exports/search_shards.py):
 *
 *   search/records/manifest.json   {"version", "records", "shards": [prefix, ...],
 *                                   "split": [prefix, ...], "common": [word, ...],
 *                                   "directory": "schools/", "words": "word word ...",
 *                                   "fold": {...}, "match": {...}, "fields": [...]}
 *   search/records/<prefix>.json   {"key", "records": [[title, kind line, url,
 *                                    "other words", URN, postcode, town, ...], ...]}
 *
 * A shard holds every record having a token that starts with its prefix; a
 * "split" prefix was too big, so its records live under longer prefixes
 * (and its own file, if any, holds only the token equal to it). A query
 * word found inside other words or with a typo ("beck", "wansbek") leads,
 * through the manifest's "words" (every filed word without a digit), to
 * the shards of the words it finds. A search fetches the manifest once and
 * the shards of its most selective word, then checks every query word
 * against each record's fields. Words in the "common" list ("school",
 * "primary") are in too many records to file: they narrow a search but
 * cannot start one.
 *
 * The matcher is shared: a directory's text box (directory.js) uses the
 * same one, from `window.SchoolnetSearch`, so both searches find the same
 * schools. Its rules (the manifest's "fold", "match" and "fields") are
 * declared once, in generator/search_rules.py: the folding (normal form,
 * dropped characters, a postcode's outward and inward codes), from how many
 * letters a word matches inside words and is forgiven one typo, and the
 * fields a record is found by, which a result names ("postcode NE61 1QT").
 * Words are runs of letters and digits (tests/test_search_client.py runs
 * this file in Node against the build). Loaded in Node (`require`), the file
 * exports its pure part, for those tests.
 *
 * Progressive enhancement: without this file the theme's search still finds
 * the content pages and directories. The results use the theme's own
 * classes, placed before the theme's list in its result panel, so they look
 * native and its arrow-key navigation reaches them.
 */
(() => {
  "use strict";

  const FOLDER = "search/records/";
  const FORMAT = 2;
  const MOST_SHARDS = 8; // a word found in more shards fetches only its prefix's
  const DELAY_MS = 120;
  const SHOWN = 10;
  const SCORES = [1000, 100, 10, 1, 0]; // by rank: the theme's Enter key opens the best score
  const BROAD = "Add a name, place, URN or postcode, or";
  const WORD = /[\p{L}\p{N}]+/gu;
  const OTHER = "words"; // the key of the header search's field of a record's other words

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

    /** Is the word a whole outward code ("ne61")? It then finds that district only, not "NE6 1LT". */
    const isOutward = (word) => outward.test(word);

    return { fold, words, queryWords, isOutward };
  }

  /** Is `a` at most one edit from `b`: one letter changed, added, dropped or two swapped? */
  function withinOne(a, b) {
    const la = a.length;
    const lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    let i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (i === la || i === lb) return true; // equal, or one letter more at the end
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true; // changed
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swapped
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /**
   * The matcher both searches share (the header search here, a directory's
   * text box in directory.js), from rules the build declares once
   * (generator/search_rules.py): the folding, from how many letters a word
   * matches inside a word ("infix") and is forgiven one typo ("typo"), and
   * the fields a record is found by, each [key, label, kind].
   */
  function matcher(rules) {
    const fold = folding(rules.fold);
    const { infix, typo } = rules.match;
    const fields = rules.fields.map(([key, label, kind]) => ({ key, label, kind }));

    /** Does a word of a "words" field match the query word: at its start, inside, or with a typo? */
    function wordMatches(word, token) {
      if (token.startsWith(word)) return true;
      if (word.length >= infix && token.includes(word)) return true;
      if (word.length < typo || /\d/u.test(word)) return false;
      for (let n = word.length - 1; n <= word.length + 1; n++) {
        if (n <= token.length && withinOne(word, token.slice(0, n))) return true;
      }
      return false;
    }

    /** A record's fields, folded once: `values` are in the rules' field order. */
    function prepare(values) {
      return fields.map((field, i) => {
        const value = values[i] || "";
        const prepared = { field, value, words: fold.words(value) };
        if (field.kind === "postcode") {
          const whole = prepared.words.join("");
          prepared.whole = whole;
          prepared.outward = whole.length > 3 ? whole.slice(0, -3) : whole;
        }
        return prepared;
      });
    }

    /** One query word's test of a prepared field, remembering each word's answer. */
    function wordTest(word) {
      const outwardWord = fold.isOutward(word);
      const seen = new Map();
      const words = (token) => {
        let found = seen.get(token);
        if (found === undefined) {
          found = wordMatches(word, token);
          seen.set(token, found);
        }
        return found;
      };
      return (prepared) => {
        const kind = prepared.field.kind;
        if (kind === "postcode") {
          if (!prepared.whole) return false;
          if (outwardWord) return word === prepared.outward;
          return word.length > prepared.outward.length && prepared.whole.startsWith(word);
        }
        if (kind === "code") return prepared.words.some((token) => token.startsWith(word));
        return prepared.words.some(words);
      };
    }

    /** The query's words and their tests; null when it has none. */
    function query(text) {
      const words = fold.queryWords(text);
      if (!words.length) return null;
      return { words, tests: words.map(wordTest) };
    }

    /**
     * Where a prepared record matches every query word: for each field that
     * matched a word first, {key, label, value}, in field order; null when a
     * word matches nowhere.
     */
    function match(record, q) {
      const hits = new Set();
      for (const test of q.tests) {
        const hit = record.findIndex(test);
        if (hit < 0) return null;
        hits.add(hit);
      }
      return [...hits]
        .sort((a, b) => a - b)
        .map((i) => ({ key: record[i].field.key, label: record[i].field.label, value: record[i].value }));
    }

    /** A result's "found by" text: the fields other than the name, e.g. "postcode NE61 1QT". */
    function describe(found) {
      return found
        .filter((hit) => hit.key !== fields[0].key)
        .map((hit) => (hit.key === OTHER ? hit.label : `${hit.label} ${hit.value}`))
        .join(", ");
    }

    return { ...fold, fields, wordMatches, prepare, query, match, describe };
  }

  /** The manifest as the search uses it: sets to look keys up in, its words and its matcher. */
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
      vocabulary: data.words ? data.words.split(" ") : [],
      ...matcher(data),
    };
  }

  /** A shard's file name: its key, or "_" and hex code points (same rule as the build). */
  function fileStem(key) {
    if (/^[a-z0-9]+$/.test(key) && key !== "manifest") return key;
    return "_" + [...key].map((ch) => ch.codePointAt(0).toString(16)).join("-");
  }

  /** Could the word find a common word? Then it narrows but cannot lead: those are not filed. */
  function isBroad(word, index) {
    return index.common.some((common) => index.wordMatches(word, common));
  }

  /**
   * The shards that hold every record a query word can find: its prefix's,
   * and, for a word found inside words or with a typo, the shard of each
   * filed word it finds (the manifest's vocabulary). `partial` when only
   * exact matches (a split prefix, for a word with digits), or only the
   * prefix's (more than MOST_SHARDS shards), can be found.
   */
  function placesFor(word, index) {
    const keys = new Set();
    let partial = false;
    const prefix = shardFor(word, index);
    if (prefix) {
      keys.add(prefix.key);
      // Past a split prefix, a word's longer matches are in the vocabulary, unless it has digits.
      partial = prefix.partial && /\d/u.test(word);
    }
    for (const token of index.vocabulary) {
      if (token.length > word.length - 2 && index.wordMatches(word, token)) {
        const place = shardFor(token, index);
        if (place) keys.add(place.key);
      }
    }
    if (keys.size > MOST_SHARDS) {
      return { word, keys: prefix ? [prefix.key] : [], partial: true, broad: false };
    }
    return { word, keys: [...keys].sort(), partial, broad: false };
  }

  /**
   * What to fetch for a query: the places of its most selective word (the
   * fewest shards), or of a word that may find common words too (`broad`:
   * some records cannot be listed); null when every word is common.
   */
  function plan(query, index) {
    const fewest = (a, b) => a.keys.length - b.keys.length || b.word.length - a.word.length;
    const selective = query.filter((w) => !isBroad(w, index)).map((w) => placesFor(w, index));
    if (selective.length) return selective.sort(fewest)[0];
    const possible = query.filter((w) => !index.commonSet.has(w)).map((w) => placesFor(w, index));
    if (!possible.length) return null;
    return { ...possible.sort(fewest)[0], broad: true };
  }

  /** A shard's entries as records the matcher reads: the name, a school's fields, the other words. */
  function readShard(data, index) {
    const middle = index.fields.length - 2;
    return data.records.map(([title, kind, url, words, ...values]) => {
      const row = [title];
      for (let i = 0; i < middle; i++) row.push(values[i] || "");
      row.push(words);
      return { title, kind, url, fields: index.prepare(row) };
    });
  }

  /**
   * 0: the name is the query; 1: the name starts with it; 2: found by its
   * name; 3: by its name and fields; 4: by its other words too.
   */
  function rank(record, found, query, index) {
    const name = index.words(record.title).join(" ");
    const phrase = query.words.join(" ");
    if (name === phrase) return 0;
    if (name.startsWith(phrase)) return 1;
    if (found.every((hit) => hit.key === index.fields[0].key)) return 2;
    return found.some((hit) => hit.key === OTHER) ? 4 : 3;
  }

  /** The records matching every query word, best first, each with where it was found. */
  function ranked(records, query, index) {
    const results = [];
    for (const record of records) {
      const found = index.match(record.fields, query);
      if (found) results.push({ record, found, rank: rank(record, found, query, index) });
    }
    return results.sort(
      (a, b) =>
        a.rank - b.rank ||
        a.record.title.localeCompare(b.record.title) ||
        (a.record.url < b.record.url ? -1 : a.record.url > b.record.url ? 1 : 0),
    );
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

  const shared = { matcher, withinOne, readManifest, fileStem, plan, shardFor, readShard, ranked };
  if (typeof module === "object" && module.exports) {
    module.exports = shared;
    return;
  }
  window.SchoolnetSearch = shared; // directory.js matches its text box with the same matcher

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

  function loadShard(key, index) {
    const stem = fileStem(key);
    if (!shards.has(stem)) {
      const promise = fetchJson(`${FOLDER}${stem}.json`).then((data) => readShard(data, index));
      promise.catch(() => shards.delete(stem));
      shards.set(stem, promise);
    }
    return shards.get(stem);
  }

  /** The records of several shards, each once (a record is in the shard of each of its words). */
  async function loadShards(keys, index) {
    const lists = await Promise.all(keys.map((key) => loadShard(key, index)));
    const seen = new Set();
    const records = [];
    for (const record of lists.flat()) {
      if (!seen.has(record.url)) {
        seen.add(record.url);
        records.push(record);
      }
    }
    return records;
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
    const query = index.query(text);
    if (!query) return view.clear();
    const lead = plan(query.words, index);
    if (!lead) return view.show([], { broad: true, directory: index.directory });
    let records = [];
    try {
      records = await loadShards(lead.keys, index);
    } catch (error) {
      if (run === generation) view.failed();
      return;
    }
    if (run !== generation) return;
    view.show(ranked(records, query, index), {
      broad: lead.broad,
      partial: lead.partial,
      directory: index.directory,
      describe: index.describe,
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

    function item(record, score, foundBy) {
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
      if (foundBy) {
        const found = document.createElement("p");
        found.className = "sn-records__found";
        found.textContent = `Found by ${foundBy}`;
        article.append(found);
      }
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
      show(results, { broad = false, partial = false, directory = "", describe = () => "" }) {
        section.hidden = false;
        list.replaceChildren(
          ...results
            .slice(0, SHOWN)
            .map(({ record, rank, found }) => item(record, SCORES[rank], describe(found))),
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
