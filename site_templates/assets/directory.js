/*
 * Filter and sort controls for the directory tables (schools, networks,
 * policies, events, suppliers).
 *
 * Progressive enhancement: the page already holds the full table; this file
 * only adds controls. It knows no directory's columns: each directory's
 * fields, filters and columns are declared once, in generator/columns.py,
 * and reach this script as data, written from that declaration: the
 * wrapper's data-filters, the header cells' data-sort-key, the rows' data-*
 * attributes and rows.json's "fields". A table opts in through its wrapper:
 *
 *   <div class="sn-directory" data-noun="schools" data-text-label="Name, URN, postcode or place"
 *        data-filters="phase:Phase, la:Local authority, rating:Minimum rating:min">
 *
 * Each filter is `key:Label`, or `key:Label:min` for a numeric "at least"
 * filter. Rows carry the values: data-phase="primary", several joined by "|"
 * (data-network="nesa|kaizen"), with optional readable names alongside
 * (data-network-label="NESA|Kaizen Network"). The text box searches the
 * wrapper's data-search fields (data-text, the name, first; a school's URN,
 * postcode, town, local authority and country after it) with the header
 * search's own matcher (record-search.js's `SchoolnetSearch`, loaded
 * before this file), whose rules data-search carries
 * (generator/search_rules.py): both searches find the same schools, and a
 * row found by another field than its name says which ("Found by postcode
 * NE61 1QT"). Header cells with data-sort-key get a sort button; a cell's
 * data-sort-value, when present, is what it sorts by (dates, ratings).
 *
 * The state lives in the query string (?phase=primary&network=nesa&sort=-name),
 * so a filtered view can be shared and survives a reload. `name` is the text
 * box and `sort` the column (a leading "-" for descending); `q` is left alone
 * because the theme's search reads it.
 *
 * A long directory is split into pages (generator/pagination.py). Its wrapper
 * then also says where all its rows are and which ones this page holds:
 *
 *   <div class="sn-directory" ... data-rows="rows.json" data-total="25000"
 *        data-first="101" data-page-size="100">
 *
 * and holds the filters' choices over every row in a
 * <script type="application/json" class="sn-directory__options">. The page's
 * own rows show until the reader filters or sorts; then the script fetches
 * rows.json once (see generator/columns.py for its layout),
 * draws the matching rows in order, a page size at a time with a "Show more"
 * button, and hides the links to the other pages. Clearing every filter and
 * the sort brings the page's own rows back.
 *
 * Hooks for other scripts (map.js), on the wrapper:
 * - after each filtering it dispatches "directory:filtered" with detail
 *   { indices, total, link }: `indices` are the matching rows' places in the
 *   directory's whole order (rows.json's, across every page), or null when
 *   every row matches; `link(index)` resolves to { name, href } of a row.
 *   The last detail also stays on the wrapper as `snFiltered`.
 * - it listens for "directory:refine" with detail { key, test }: `test(get)`,
 *   given a row's field reader, says whether the row stays; a null test
 *   removes the refinement `key`. It then filters again.
 */
(() => {
  "use strict";

  const SEP = "|";
  const TEXT_PARAM = "name";
  const SORT_PARAM = "sort";
  const ANNOUNCE_DELAY_MS = 400;
  const TYPING_DELAY_MS = 200;
  /** A cancelled event's row class (generator/columns.py CANCELLED_CLASS). */
  const CANCELLED = "sn-cancelled";
  const FOUND_CLASS = "sn-found";
  let counter = 0;

  /** The filters a directory declares, in order. */
  function parseFilters(spec) {
    return (spec || "")
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [key, label, type] = part.split(":").map((s) => s.trim());
        return { key, label: label || key, type: type || "equals" };
      })
      .filter((f) => f.key && f.key !== TEXT_PARAM && f.key !== SORT_PARAM);
  }

  function split(value) {
    return value ? value.split(SEP) : [];
  }

  function rowValues(row, key) {
    return split(row.getAttribute(`data-${key}`));
  }

  /** value -> readable name, from every row, sorted by name. */
  function collectOptions(rows, key) {
    const names = new Map();
    for (const row of rows) {
      const values = rowValues(row, key);
      const labels = split(row.getAttribute(`data-${key}-label`));
      values.forEach((value, i) => {
        if (value && !names.has(value)) names.set(value, labels[i] || value);
      });
    }
    return [...names.entries()].sort(byLabel);
  }

  /** A paginated directory's choices, from the page: {"phase": ["primary", ["la1", "Name"]]}. */
  function pageOptions(directory) {
    const script = directory.querySelector("script.sn-directory__options");
    if (!script) return {};
    try {
      return JSON.parse(script.textContent || "{}");
    } catch (error) {
      return {};
    }
  }

  function optionsFor(filter, rows, given) {
    if (!given) {
      return filter.type === "min"
        ? minimumOptions(rows, filter.key)
        : collectOptions(rows, filter.key);
    }
    const pairs = (given[filter.key] || []).map((v) => (typeof v === "string" ? [v, v] : v));
    return filter.type === "min" ? thresholds(pairs.map(([v]) => v)) : pairs.sort(byLabel);
  }

  function byLabel(a, b) {
    return a[1].localeCompare(b[1], undefined, { sensitivity: "base", numeric: true });
  }

  /** Thresholds 1 to 5 that at least one row reaches, for a rating out of 5. */
  function minimumOptions(rows, key) {
    return thresholds(rows.map((row) => row.getAttribute(`data-${key}`)));
  }

  function thresholds(given) {
    const values = given.map((v) => parseFloat(v)).filter((n) => !Number.isNaN(n));
    const options = [];
    for (let n = 1; n <= 5; n += 1) {
      if (values.some((v) => v >= n)) {
        options.push([String(n), n === 5 ? "5 out of 5" : `${n} or more out of 5`]);
      }
    }
    return options;
  }

  function matches(row, filter, wanted) {
    if (!wanted) return true;
    if (filter.type === "min") {
      const value = parseFloat(row.getAttribute(`data-${filter.key}`));
      return !Number.isNaN(value) && value >= parseFloat(wanted);
    }
    return rowValues(row, filter.key).includes(wanted);
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function field(id, labelText, control, kind) {
    const wrap = el("div", { class: `sn-filters__field sn-filters__field--${kind}` });
    wrap.append(el("label", { for: id }, labelText), control);
    return wrap;
  }

  /** What a cell sorts by: its data-sort-value, else its text (without a "Found by" note). */
  function sortValue(row, column) {
    const cell = row.cells[column];
    if (!cell) return "";
    const given = cell.getAttribute("data-sort-value");
    if (given !== null) return given.trim();
    const note = cell.querySelector(`.${FOUND_CLASS}`);
    const text = cell.textContent;
    return (note ? text.replace(note.textContent, "") : text).trim();
  }

  // --- the text box: the header search's matcher -------------------------------

  /** The text box's matcher, from the wrapper's rules; a plain one without record-search.js. */
  function textMatcher(directory) {
    let rules = null;
    try {
      rules = JSON.parse(directory.getAttribute("data-search") || "null");
    } catch (error) {
      rules = null;
    }
    const shared = window.SchoolnetSearch;
    if (rules && shared) {
      const matcher = shared.matcher(rules);
      return { keys: matcher.fields.map((f) => f.key), ...matcher };
    }
    // Without the shared matcher: every word somewhere in the name, in any case.
    return {
      keys: ["text"],
      prepare: (values) => values.map((v) => v.toLocaleLowerCase()),
      query: (text) => {
        const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
        return words.length ? { words } : null;
      },
      match: (fields, q) => (q.words.every((w) => fields[0].includes(w)) ? [] : null),
      describe: () => "",
    };
  }

  /** Say in a row's first cell which field the text box found it by, or take the note away. */
  function showFound(tr, text) {
    const cell = tr.cells[0];
    if (!cell) return;
    const old = cell.querySelector(`.${FOUND_CLASS}`);
    if (old) old.remove();
    if (text) cell.append(el("span", { class: FOUND_CLASS }, `Found by ${text}`));
  }

  const NUMBER = /^-?\d+(\.\d+)?$/;

  function compareValues(a, b) {
    if (a === b) return 0;
    if (a === "") return 1; // blanks last, whichever the direction
    if (b === "") return -1;
    if (NUMBER.test(a) && NUMBER.test(b)) return parseFloat(a) - parseFloat(b);
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }

  // --- every row of a paginated directory (rows.json) -------------------------

  /** A cell's text as the browser's textContent would give it. */
  function partsText(parts, refs) {
    return parts
      .map((part) => {
        if (typeof part === "string") return part;
        if (part[0] === "w") return partsText(part.slice(1), refs);
        if (part[0] === "r") return refs[part[1]][1];
        return part[2];
      })
      .join("");
  }

  function appendParts(node, parts, refs, base) {
    for (const part of parts) {
      if (typeof part === "string") {
        node.append(part);
      } else if (part[0] === "a" || part[0] === "r") {
        const [href, text] =
          part[0] === "a" ? [part[1], part[2]] : [refs[part[1]][2], refs[part[1]][1]];
        node.append(el("a", { href: new URL(href, base).href }, text));
      } else if (part[0] === "b") {
        const cls = part[1] ? `sn-badge sn-badge--${part[1]}` : "sn-badge";
        node.append(el("span", { class: cls }, part[2]));
      } else if (part[0] === "w") {
        const span = el("span", { class: "sn-wide" });
        appendParts(span, part.slice(1), refs, base);
        node.append(span);
      }
    }
  }

  /**
   * The rows of rows.json, for filtering and sorting without drawing them:
   * only the rows the reader will see become table rows.
   */
  function dataRows(json, base, labels) {
    const { fields, refs } = json;
    const at = Object.fromEntries(fields.map((name, i) => [name, i]));
    const tableAt = "table" in at ? at.table : -1;
    const ids = (list) => list.map((i) => refs[i][0]).join(SEP);
    const names = (list) => list.map((i) => refs[i][1].replaceAll(SEP, "/")).join(SEP);
    return json.rows.map((values, index) => {
      const get = (key) => {
        const value = key in at ? values[at[key]] : "";
        return Array.isArray(value) ? ids(value) : String(value ?? "");
      };
      const cells = values.slice(fields.length);
      const textOf = (cell) => {
        if (typeof cell === "string") return cell;
        if (typeof cell === "number") return String(values[cell]);
        return cell[0] ?? partsText(cell.slice(1), refs);
      };
      return {
        index,
        table: tableAt >= 0 ? Number(values[tableAt]) : 0,
        get,
        sorts: cells.map((cell) => textOf(cell).trim()),
        /** The row's own record: the first link among its cells. */
        link() {
          for (const cell of cells) {
            const part = Array.isArray(cell) && cell.slice(1).find((p) => p[0] === "a");
            if (part) return { name: part[2], href: new URL(part[1], base).href };
          }
          return null;
        },
        draw() {
          const tr = el("tr");
          fields.forEach((name, i) => {
            const value = values[i];
            if (name === "table") return;
            if (name === "class") {
              if (value) tr.className = value;
            } else if (Array.isArray(value)) {
              if (value.length) {
                tr.setAttribute(`data-${name}`, ids(value));
                tr.setAttribute(`data-${name}-label`, names(value));
              }
            } else if (value !== "" && value !== null) {
              tr.setAttribute(`data-${name}`, String(value));
            }
          });
          cells.forEach((cell, i) => {
            // Its column's header, which a phone shows beside it (generator/row_html.py).
            const label = (labels[tableAt >= 0 ? Number(values[tableAt]) : 0] || [])[i];
            const td = el("td", label === undefined ? {} : { "data-label": label });
            if (typeof cell === "string" || typeof cell === "number") {
              td.textContent = textOf(cell);
            } else {
              if (cell[0] !== null) td.setAttribute("data-sort-value", cell[0]);
              appendParts(td, cell.slice(1), refs, base);
            }
            tr.append(td);
          });
          return tr;
        },
      };
    });
  }

  function setUp(directory) {
    if (directory.hasAttribute("data-sn-ready")) return;
    directory.setAttribute("data-sn-ready", "");
    counter += 1;
    const prefix = `sn-dir${counter}`;
    const noun = directory.getAttribute("data-noun") || "rows";
    const tables = [...directory.querySelectorAll("table")];
    const bodies = tables.map((table) => table.tBodies[0]).filter(Boolean);
    // A paginated directory's page may stand a note in a table with none of its rows.
    const notes = bodies.flatMap((body) => [...body.querySelectorAll("tr.sn-directory__note")]);
    const rows = bodies.flatMap((body) =>
      [...body.rows].filter((row) => !row.classList.contains("sn-directory__note")),
    );
    rows.forEach((row, i) => {
      row.snIndex = i;
    });
    if (rows.length === 0) return;
    /** What the reader chose; the URL and the controls mirror it. */
    const state = { text: "", filters: {}, sort: ["", false] };
    const rowsAddress = directory.getAttribute("data-rows");
    const paged = Boolean(rowsAddress);
    const total = paged ? Number(directory.getAttribute("data-total")) || rows.length : rows.length;
    const pageSize = Number(directory.getAttribute("data-page-size")) || 100;
    const pageLinks = [...directory.querySelectorAll(".sn-pages, .sn-pages__where")];
    const originals = bodies.map((body) => [...body.rows]);
    // Each table's column headers, before sort buttons join them: drawn rows' cell labels.
    const labels = tables.map((table) =>
      table.tHead ? [...table.tHead.rows[0].cells].map((th) => th.textContent.trim()) : [],
    );
    const text = textMatcher(directory);
    /** Refinements other scripts add ("directory:refine"), by key. */
    const refinements = new Map();
    const offset = (Number(directory.getAttribute("data-first")) || 1) - 1;

    // --- controls -------------------------------------------------------------
    const form = el("form", { class: "sn-filters", "aria-label": `Filter ${noun}` });
    form.addEventListener("submit", (event) => event.preventDefault());
    const textBox = el("input", {
      type: "search",
      id: `${prefix}-${TEXT_PARAM}`,
      name: TEXT_PARAM,
      autocomplete: "off",
      spellcheck: "false",
    });
    const textLabel = directory.getAttribute("data-text-label") || "Name";
    form.append(field(textBox.id, textLabel, textBox, "text"));

    const given = paged ? pageOptions(directory) : null;
    const selects = [];
    for (const filter of parseFilters(directory.getAttribute("data-filters"))) {
      const options = optionsFor(filter, rows, given);
      if (options.length < 2) continue; // nothing to choose between
      const select = el("select", { id: `${prefix}-${filter.key}`, name: filter.key });
      select.append(el("option", { value: "" }, filter.type === "min" ? "Any" : "All"));
      for (const [value, label] of options) select.append(el("option", { value }, label));
      selects.push({ filter, select });
      form.append(field(select.id, filter.label, select, "select"));
    }
    const clear = el("button", { type: "button", class: "sn-filters__clear" }, "Clear filters");
    form.append(clear);
    const status = el("p", {
      class: "sn-directory__status",
      role: "status",
      "aria-live": "polite",
      "aria-atomic": "true",
    });

    // A "nothing matches" row per table, shown only when filtering empties it.
    const emptyRows = bodies.map((body) => {
      const head = body.parentElement.tHead;
      const columns = head ? head.rows[0].cells.length : 1;
      const tr = el("tr", { class: "sn-directory__empty", hidden: "" });
      tr.append(el("td", { colspan: String(columns) }, `No ${noun} match these filters.`));
      body.append(tr);
      return tr;
    });

    // --- sorting --------------------------------------------------------------
    const sortButtons = [];
    for (const table of tables) {
      if (!table.tHead) continue;
      for (const th of table.tHead.rows[0].cells) {
        const key = th.getAttribute("data-sort-key");
        if (!key) continue;
        const button = el("button", { type: "button", class: "sn-sort", "data-sort-key": key });
        const icon = el("span", { class: "sn-sort__icon", "aria-hidden": "true" });
        button.append(...th.childNodes, icon);
        th.append(button);
        button.addEventListener("click", () => {
          const [current, descending] = state.sort;
          state.sort = [key, current === key && !descending];
          if (paged) update();
          else sortRows();
          writeUrl();
        });
        sortButtons.push({ th, button, key });
      }
    }

    function sortColumn(table, key) {
      const selector = `th[data-sort-key="${CSS.escape(key)}"]`;
      const header = key && table.tHead && table.tHead.querySelector(selector);
      return header ? header.cellIndex : -1;
    }

    function showSortState() {
      const [key, descending] = state.sort;
      for (const button of sortButtons) {
        if (button.key === key) {
          button.th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        } else {
          button.th.removeAttribute("aria-sort");
        }
      }
    }

    function sortRows() {
      const [key, descending] = state.sort;
      bodies.forEach((body, b) => {
        const column = sortColumn(body.parentElement, key);
        const keyed = [...body.rows]
          .filter((row) => row !== emptyRows[b])
          .map((row) => [column >= 0 ? sortValue(row, column) : "", row]);
        keyed.sort(([a, r1], [c, r2]) => {
          let order = compareValues(a, c);
          if (a !== "" && c !== "" && descending) order = -order;
          return order || r1.snIndex - r2.snIndex;
        });
        body.append(...keyed.map(([, row]) => row), emptyRows[b]);
      });
      showSortState();
    }

    // --- the URL and the live region -------------------------------------------
    const sortKeys = new Set(sortButtons.map((s) => s.key));

    function readUrl() {
      const params = new URLSearchParams(window.location.search);
      state.text = params.get(TEXT_PARAM) || "";
      for (const { filter, select } of selects) {
        const wanted = params.get(filter.key) || "";
        const known = [...select.options].some((o) => o.value === wanted);
        state.filters[filter.key] = known ? wanted : "";
      }
      const sort = params.get(SORT_PARAM) || "";
      const key = sort.replace(/^-/, "");
      state.sort = sortKeys.has(key) ? [key, sort.startsWith("-")] : ["", false];
    }

    function writeUrl() {
      const params = new URLSearchParams(window.location.search);
      const set = (name, value) => (value ? params.set(name, value) : params.delete(name));
      set(TEXT_PARAM, state.text.trim());
      for (const { filter } of selects) set(filter.key, state.filters[filter.key]);
      const [key, descending] = state.sort;
      set(SORT_PARAM, key ? `${descending ? "-" : ""}${key}` : "");
      const query = params.toString();
      const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
      if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
        window.history.replaceState(window.history.state, "", url);
      }
    }

    function showControls() {
      textBox.value = state.text;
      for (const { filter, select } of selects) select.value = state.filters[filter.key];
    }

    let announceTimer = 0;
    function describe(shown, listed = shown) {
      const which = shown === total ? `All ${total} ${noun}` : `${shown} of ${total} ${noun}`;
      if (listed >= shown) return `${which} shown`;
      return `${which} match; the first ${listed} are shown`;
    }

    /** Wait for a pause in typing, so a screen reader is not told every keystroke. */
    function announce(text) {
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(() => {
        status.textContent = text;
      }, ANNOUNCE_DELAY_MS);
    }

    /**
     * Where a row matches the text box's query (the matched fields, [] with
     * no query), or null. `values` gives a field's value; the row's fields
     * are folded once and kept on `holder`.
     */
    function textMatch(query, holder, values) {
      if (!query) return [];
      if (!holder.snSearch) holder.snSearch = text.prepare(text.keys.map(values));
      return text.match(holder.snSearch, query);
    }

    function refined(get) {
      for (const test of refinements.values()) if (!test(get)) return false;
      return true;
    }

    /** A row's own record, { name, href }, by its place in the whole directory. */
    function linkOf(index) {
      if (paged) return load().then((every) => (every[index] ? every[index].link() : null));
      const row = rows[index - offset];
      const a = row && row.querySelector("a[href]");
      return Promise.resolve(a ? { name: a.textContent.trim(), href: a.href } : null);
    }

    /** Tell listeners (map.js) which rows match: null for all of them. */
    function tell(indices) {
      const detail = { indices, total, link: linkOf };
      directory.snFiltered = detail;
      directory.dispatchEvent(new CustomEvent("directory:filtered", { bubbles: true, detail }));
    }

    function tellShown() {
      const shown = rows.filter((row) => !row.hidden).map((row) => row.snIndex + offset);
      tell(!paged && shown.length === rows.length ? null : shown);
    }

    function filterRows() {
      const query = text.query(state.text);
      let shown = 0;
      for (const row of rows) {
        const found = textMatch(query, row, (key) => row.getAttribute(`data-${key}`) || "");
        const visible =
          found !== null &&
          selects.every(({ filter }) => matches(row, filter, state.filters[filter.key])) &&
          refined((key) => row.getAttribute(`data-${key}`) || "");
        row.hidden = !visible;
        showFound(row, visible ? text.describe(found) : "");
        if (visible) shown += 1;
      }
      const counts = bodies.map((body, b) => {
        const left = [...body.rows].filter(
          (row) => row !== emptyRows[b] && !row.hidden && !notes.includes(row),
        );
        emptyRows[b].hidden = left.length > 0;
        return [left.length, left.filter((row) => row.classList.contains(CANCELLED)).length];
      });
      showCounts(counts);
      return shown;
    }

    // --- the tables' counts in their headings ("24 event dates, 1 cancelled") ----
    // Written by the build in the words of generator/columns.py (Directory.count_words),
    // whose nouns each count carries; recounted here in the same form after a filter.
    const countSpans = [...directory.querySelectorAll(".sn-count[data-count-table]")];
    const countTexts = countSpans.map((span) => span.textContent);

    /** Each table's [rows, cancelled rows] into its heading; `null` puts the build's back. */
    function showCounts(counts) {
      countSpans.forEach((span, i) => {
        if (!counts) {
          span.textContent = countTexts[i];
          return;
        }
        const [shown, cancelled] = counts[Number(span.dataset.countTable)] || [0, 0];
        const [one, many] = split(span.dataset.nouns);
        const words = `${shown} ${shown === 1 ? one : many}`;
        span.textContent = cancelled ? `${words}, ${cancelled} cancelled` : words;
      });
    }

    // --- a paginated directory: every row, once the reader filters or sorts -------
    /** rows.json once fetched: every row, and the matches being shown. */
    let all = null;
    let loading = null;
    let limit = pageSize;
    let drawn = 0;
    let generation = 0;
    const more = el("button", { type: "button", class: "sn-more", hidden: "" });

    function active() {
      return Boolean(
        state.text.trim() ||
          state.sort[0] ||
          refinements.size ||
          selects.some(({ filter }) => state.filters[filter.key]),
      );
    }

    function load() {
      if (!loading) {
        const address = new URL(rowsAddress, document.baseURI);
        loading = fetch(address)
          .then((response) => {
            if (!response.ok) throw new Error(`${response.status} ${address}`);
            return response.json();
          })
          .then((json) => dataRows(json, address, labels));
      }
      return loading;
    }

    function matchesData(row, filter, wanted) {
      if (!wanted) return true;
      const value = row.get(filter.key);
      if (filter.type === "min") {
        const number = parseFloat(value);
        return !Number.isNaN(number) && number >= parseFloat(wanted);
      }
      return split(value).includes(wanted);
    }

    /** The matching rows of rows.json, in the order the reader chose. */
    function selectData(every) {
      const query = text.query(state.text);
      const found = every.filter((row) => {
        if (!selects.every(({ filter }) => matchesData(row, filter, state.filters[filter.key]))) {
          return false;
        }
        if (!refined(row.get)) return false;
        row.found = textMatch(query, row, row.get);
        return row.found !== null;
      });
      const [key, descending] = state.sort;
      if (!key) return found;
      const columns = tables.map((table) => sortColumn(table, key));
      const keyed = found.map((row) => {
        const column = columns[row.table] ?? -1;
        return [column >= 0 ? row.sorts[column] || "" : "", row];
      });
      keyed.sort(([a, r1], [c, r2]) => {
        let order = compareValues(a, c);
        if (a !== "" && c !== "" && descending) order = -order;
        return order || r1.index - r2.index;
      });
      return keyed.map(([, row]) => row);
    }

    /** Draw the first `limit` matches into their tables; returns the first new row. */
    function drawData(found) {
      showCounts(
        bodies.map((_, b) => {
          const mine = found.filter((row) => row.table === b);
          return [mine.length, mine.filter((row) => row.get("class") === CANCELLED).length];
        }),
      );
      const shown = found.slice(0, limit);
      const firstNew = drawn < shown.length ? drawn : -1;
      const drawnRows = shown.map((row) => {
        const tr = row.draw();
        showFound(tr, text.describe(row.found || []));
        return tr;
      });
      bodies.forEach((body, b) => {
        const mine = drawnRows.filter((_, i) => shown[i].table === b);
        emptyRows[b].hidden = mine.length > 0;
        body.replaceChildren(...mine, emptyRows[b]);
      });
      for (const node of pageLinks) node.hidden = true;
      drawn = shown.length;
      more.hidden = shown.length >= found.length;
      more.textContent = `Show ${Math.min(pageSize, found.length - shown.length)} more ${noun}`;
      return firstNew >= 0 ? drawnRows[firstNew] : null;
    }

    /** Back to this page's own rows, as the page came. */
    function restorePage() {
      bodies.forEach((body, b) => {
        emptyRows[b].hidden = true;
        body.replaceChildren(...originals[b], emptyRows[b]);
      });
      for (const row of rows) {
        row.hidden = false;
        showFound(row, "");
      }
      for (const node of pageLinks) node.hidden = false;
      more.hidden = true;
      drawn = 0;
      showCounts(null);
      showSortState();
    }

    function describePage() {
      const first = Number(directory.getAttribute("data-first")) || 1;
      const last = first + rows.length - 1;
      return `${first} to ${last} of ${total} ${noun} shown; filters and sorting cover them all`;
    }

    /** Show what the state asks for from every row; `focusNew` after "Show more". */
    function showAll(focusNew = false) {
      generation += 1;
      const mine = generation;
      if (!active()) {
        restorePage();
        tell(null);
        return Promise.resolve(describePage());
      }
      if (!all) status.textContent = `Loading all ${total} ${noun}…`;
      return load().then(
        (every) => {
          if (mine !== generation) return null;
          all = every;
          const found = selectData(every);
          tell(found.map((row) => row.index));
          const first = drawData(found);
          showSortState();
          if (focusNew && first) {
            const target = first.querySelector("a") || first;
            target.focus();
          }
          return describe(found.length, Math.min(limit, found.length));
        },
        () => {
          if (mine !== generation) return null;
          // Offline or blocked: filter and sort this page's rows, and say so.
          restorePage();
          if (state.sort[0]) sortRows();
          const shown = filterRows();
          tellShown();
          return `${describe(shown)}; only this page's ${noun} could be searched`;
        },
      );
    }

    more.addEventListener("click", () => {
      limit += pageSize;
      showAll(true).then((text) => {
        if (text) announce(text);
      });
    });

    function update() {
      if (paged) {
        limit = pageSize;
        drawn = 0;
        showAll().then((text) => {
          if (text) announce(text);
        });
      } else {
        announce(describe(filterRows()));
        tellShown();
      }
      writeUrl();
    }

    directory.addEventListener("directory:refine", (event) => {
      const { key, test } = event.detail || {};
      if (!key) return;
      if (typeof test === "function") refinements.set(key, test);
      else refinements.delete(key);
      update();
    });

    // A long table takes a moment to filter (about 0.2 s for 5,000 rows on a
    // laptop): wait for a pause in typing rather than filter on every key.
    const typingDelay = paged || rows.length > 500 ? TYPING_DELAY_MS : 0;
    let typingTimer = 0;
    textBox.addEventListener("input", () => {
      state.text = textBox.value;
      window.clearTimeout(typingTimer);
      if (typingDelay) typingTimer = window.setTimeout(update, typingDelay);
      else update();
    });
    for (const { filter, select } of selects) {
      select.addEventListener("change", () => {
        state.filters[filter.key] = select.value;
        update();
      });
    }
    clear.addEventListener("click", () => {
      window.clearTimeout(typingTimer);
      state.text = "";
      for (const { filter } of selects) state.filters[filter.key] = "";
      showControls();
      update();
      textBox.focus();
    });

    // The first state, from the URL, is in place before the controls appear,
    // so the live region speaks only when the reader changes something.
    readUrl();
    showControls();
    if (paged) {
      const last = tables[tables.length - 1];
      (last.closest(".md-typeset__scrollwrap") || last).after(more);
      status.textContent = active() ? `Loading all ${total} ${noun}…` : describePage();
      showAll().then((text) => {
        if (text) status.textContent = text;
      });
    } else {
      if (state.sort[0]) sortRows();
      status.textContent = describe(filterRows());
      tellShown();
    }
    writeUrl();
    directory.prepend(form, status);
  }

  /**
   * The theme's search panel is role="dialog" with no name, which screen
   * readers announce as just "dialog" (axe: aria-dialog-name). Name it after
   * its search box. Here rather than in a copy of the theme's template, which
   * would go stale with each theme release.
   */
  function nameSearchDialog() {
    const dialog = document.querySelector(
      '.md-search[role="dialog"]:not([aria-label]):not([aria-labelledby])',
    );
    if (!dialog) return;
    const box = dialog.querySelector("input[aria-label]");
    dialog.setAttribute("aria-label", box ? box.getAttribute("aria-label") : "Search");
  }

  function setUpAll() {
    nameSearchDialog();
    document.querySelectorAll(".sn-directory").forEach(setUp);
  }

  // Material's instant navigation swaps pages without a load event; its
  // document$ observable fires for every page, the first one included.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
