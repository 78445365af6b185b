/*
 * Filter and sort controls for the directory tables (schools, networks,
 * policies, events, suppliers).
 *
 * Progressive enhancement: the page already holds the full table; this file
 * only adds controls. A table opts in through its wrapper:
 *
 *   <div class="sn-directory" data-noun="schools" data-text-label="Name or URN"
 *        data-filters="phase:Phase, la:Local authority, rating:Minimum rating:min">
 *
 * Each filter is `key:Label`, or `key:Label:min` for a numeric "at least"
 * filter. Rows carry the values: data-phase="primary", several joined by "|"
 * (data-network="nesa|kaizen"), with optional readable names alongside
 * (data-network-label="NESA|Kaizen Network"); data-text is what the text box
 * searches. Header cells with data-sort-key get a sort button; a cell's
 * data-sort-value, when present, is what it sorts by (dates, ratings).
 *
 * The state lives in the query string (?phase=primary&network=nesa&sort=-name),
 * so a filtered view can be shared and survives a reload. `name` is the text
 * box and `sort` the column (a leading "-" for descending); `q` is left alone
 * because the theme's search reads it.
 */
(() => {
  "use strict";

  const SEP = "|";
  const TEXT_PARAM = "name";
  const SORT_PARAM = "sort";
  const ANNOUNCE_DELAY_MS = 400;
  const TYPING_DELAY_MS = 200;
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
    return [...names.entries()].sort((a, b) =>
      a[1].localeCompare(b[1], undefined, { sensitivity: "base", numeric: true }),
    );
  }

  /** Thresholds 1 to 5 that at least one row reaches, for a rating out of 5. */
  function minimumOptions(rows, key) {
    const values = rows
      .map((row) => parseFloat(row.getAttribute(`data-${key}`)))
      .filter((n) => !Number.isNaN(n));
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

  /** What a cell sorts by: its data-sort-value, else its text. */
  function sortValue(row, column) {
    const cell = row.cells[column];
    if (!cell) return "";
    const given = cell.getAttribute("data-sort-value");
    return (given !== null ? given : cell.textContent).trim();
  }

  const NUMBER = /^-?\d+(\.\d+)?$/;

  function compareValues(a, b) {
    if (a === b) return 0;
    if (a === "") return 1; // blanks last, whichever the direction
    if (b === "") return -1;
    if (NUMBER.test(a) && NUMBER.test(b)) return parseFloat(a) - parseFloat(b);
    return a.localeCompare(b, undefined, { sensitivity: "base", numeric: true });
  }

  function setUp(directory) {
    if (directory.hasAttribute("data-sn-ready")) return;
    directory.setAttribute("data-sn-ready", "");
    counter += 1;
    const prefix = `sn-dir${counter}`;
    const noun = directory.getAttribute("data-noun") || "rows";
    const tables = [...directory.querySelectorAll("table")];
    const bodies = tables.map((table) => table.tBodies[0]).filter(Boolean);
    const rows = bodies.flatMap((body) => [...body.rows]);
    rows.forEach((row, i) => {
      row.snIndex = i;
    });
    if (rows.length === 0) return;
    /** What the reader chose; the URL and the controls mirror it. */
    const state = { text: "", filters: {}, sort: ["", false] };

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

    const selects = [];
    for (const filter of parseFilters(directory.getAttribute("data-filters"))) {
      const options =
        filter.type === "min" ? minimumOptions(rows, filter.key) : collectOptions(rows, filter.key);
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
          sortRows();
          writeUrl();
        });
        sortButtons.push({ th, button, key });
      }
    }

    function sortRows() {
      const [key, descending] = state.sort;
      bodies.forEach((body, b) => {
        const table = body.parentElement;
        const selector = `th[data-sort-key="${CSS.escape(key)}"]`;
        const header = key && table.tHead && table.tHead.querySelector(selector);
        const column = header ? header.cellIndex : -1;
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
      for (const button of sortButtons) {
        if (button.key === key) {
          button.th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        } else {
          button.th.removeAttribute("aria-sort");
        }
      }
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
    function describe(shown) {
      return shown === rows.length
        ? `All ${rows.length} ${noun} shown`
        : `${shown} of ${rows.length} ${noun} shown`;
    }

    /** Wait for a pause in typing, so a screen reader is not told every keystroke. */
    function announce(shown) {
      const text = describe(shown);
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(() => {
        status.textContent = text;
      }, ANNOUNCE_DELAY_MS);
    }

    function filterRows() {
      const words = state.text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const row of rows) {
        const haystack = (row.getAttribute("data-text") || row.textContent).toLocaleLowerCase();
        const visible =
          words.every((word) => haystack.includes(word)) &&
          selects.every(({ filter }) => matches(row, filter, state.filters[filter.key]));
        row.hidden = !visible;
        if (visible) shown += 1;
      }
      bodies.forEach((body, b) => {
        emptyRows[b].hidden = [...body.rows].some((row) => row !== emptyRows[b] && !row.hidden);
      });
      return shown;
    }

    function update() {
      announce(filterRows());
      writeUrl();
    }

    // A long table takes a moment to filter (about 0.2 s for 5,000 rows on a
    // laptop): wait for a pause in typing rather than filter on every key.
    const typingDelay = rows.length > 500 ? TYPING_DELAY_MS : 0;
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
    if (state.sort[0]) sortRows();
    const shown = filterRows();
    status.textContent = describe(shown);
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
