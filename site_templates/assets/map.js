/*
 * Maps and "near" lists: a school's location, a network's members, every
 * school matching the directory's filters; "Schools near me"; suppliers
 * recommended by schools within a distance of a chosen school.
 *
 * Nothing here fetches anything, from this site or another, until the
 * reader asks: a map's box (`.sn-map`, written by the map_box macro) gets
 * a "Show map" button, and only its press loads the map library (Leaflet
 * and Leaflet.markercluster, vendored under assets/vendor from the npm
 * lock, see scripts/vendor.py) and the base map's tiles, from the URL
 * template in the box's data-tiles (the plugin's map_tiles option; "" for
 * none: the schools then sit on a plain background). Markers and clusters
 * never need the tiles.
 *
 * A box's data-map says where its points come from:
 * - "list": elements with data-lat/data-lon inside the elements whose ids
 *   data-from names (a network's member list, a school's location and the
 *   schools near it); each point's name and link come from the element.
 * - "directory": the schools directory's map.json (data-from), points as
 *   [row, lat, lon] with `row` the school's place in the directory's
 *   order; which rows match the filters, and each row's name and link,
 *   come from directory.js ("directory:filtered", see its header), so the
 *   map shows exactly the table's matches, across every page.
 *
 * The tables and lists stay the accessible alternative; on the map every
 * marker and cluster is a button in the tab order (Enter opens a school's
 * popup, with a link to its page, or zooms into a cluster).
 *
 * Text from records reaches the page only through textContent and DOM
 * building, never as HTML.
 */
(() => {
  "use strict";

  const KM_PER_MILE = 1.609344;
  const NEAR_COUNT = 10;
  const SEP = "|";
  const DISTANCES = [2, 5, 10, 25, 50];
  let library = null;
  let counter = 0;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The great-circle distance in km (haversine), as generator/geo.py works it out. */
  function distanceKm(lat1, lon1, lat2, lon2) {
    const rad = Math.PI / 180;
    const dp = (lat2 - lat1) * rad;
    const dl = (lon2 - lon1) * rad;
    const a =
      Math.sin(dp / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dl / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /** "1.2 km (0.7 miles)", as the school pages' distance macro writes it. */
  function distanceText(km) {
    return `${km.toFixed(1)} km (${(km / KM_PER_MILE).toFixed(1)} miles)`;
  }

  /** Where this script came from: the map library sits beside it, in vendor/. */
  function assetsBase() {
    const script = document.querySelector('script[src*="assets/map.js"]');
    return new URL(".", script ? script.src : document.baseURI);
  }

  function addScript(src) {
    return new Promise((resolve, reject) => {
      const script = el("script", { src });
      script.addEventListener("load", resolve);
      script.addEventListener("error", () => reject(new Error(`could not load ${src}`)));
      document.head.append(script);
    });
  }

  /** Leaflet and its clustering, added to the page once, on the first "Show map". */
  function loadLibrary() {
    if (!library) {
      const base = assetsBase();
      for (const css of [
        "vendor/leaflet/leaflet.css",
        "vendor/markercluster/MarkerCluster.css",
        "vendor/markercluster/MarkerCluster.Default.css",
      ]) {
        document.head.append(el("link", { rel: "stylesheet", href: new URL(css, base).href }));
      }
      library = addScript(new URL("vendor/leaflet/leaflet.js", base).href).then(() =>
        addScript(new URL("vendor/markercluster/leaflet.markercluster.js", base).href),
      );
    }
    return library;
  }

  // --- points --------------------------------------------------------------------

  /** The points of a "list" box: its elements with data-lat/data-lon, with their names and links. */
  function listPoints(box) {
    const points = [];
    for (const id of (box.getAttribute("data-from") || "").split(/\s+/).filter(Boolean)) {
      const root = document.getElementById(id);
      if (!root) continue;
      const found = root.matches("[data-lat]") ? [root] : [...root.querySelectorAll("[data-lat]")];
      for (const node of found) {
        const lat = parseFloat(node.getAttribute("data-lat"));
        const lon = parseFloat(node.getAttribute("data-lon"));
        if (Number.isNaN(lat) || Number.isNaN(lon)) continue;
        const a = node.querySelector("a[href]");
        const name = node.getAttribute("data-name") || (a ? a.textContent.trim() : "");
        points.push({ lat, lon, name, href: a ? a.href : "", here: !a });
      }
    }
    return points;
  }

  const mapData = new Map();

  /** The directory's map.json, fetched once per address: row -> [lat, lon]. */
  function loadMapData(address) {
    const url = new URL(address, document.baseURI).href;
    if (!mapData.has(url)) {
      mapData.set(
        url,
        fetch(url)
          .then((response) => {
            if (!response.ok) throw new Error(`${response.status} ${url}`);
            return response.json();
          })
          .then((json) => new Map(json.points.map(([row, lat, lon]) => [row, [lat, lon]]))),
      );
    }
    return mapData.get(url);
  }

  /** The page's directory, whose filters a directory map and "near me" follow. */
  function pageDirectory() {
    return document.querySelector(".sn-directory");
  }

  // --- the map ---------------------------------------------------------------------

  const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  /** The attribution as text: Leaflet writes its attribution option as HTML. */
  function escapeText(text) {
    return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
  }

  function schoolIcon(L, here) {
    return L.divIcon({
      className: here ? "sn-pin sn-pin--here" : "sn-pin",
      iconSize: [18, 18],
      iconAnchor: [9, 9],
      popupAnchor: [0, -9],
    });
  }

  function clusterIcon(L, cluster) {
    const count = cluster.getChildCount();
    const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    const inner = el("div");
    inner.append(el("span", { "aria-hidden": "true" }, String(count)));
    return L.divIcon({
      html: inner,
      className: `marker-cluster marker-cluster-${size}`,
      iconSize: L.point(40, 40),
    });
  }

  /** A popup's content: the school's name, linked to its page. */
  function popupFor(point) {
    const box = el("div", { class: "sn-map__popup" });
    if (point.href) box.append(el("a", { href: point.href }, point.name));
    else box.append(el("strong", {}, point.name));
    return box;
  }

  function markerFor(L, point) {
    const marker = L.marker([point.lat, point.lon], {
      icon: schoolIcon(L, point.here),
      keyboard: true,
      title: point.name,
      alt: point.name,
    });
    marker.bindPopup(() => popupFor(point));
    return marker;
  }

  /** Name each cluster's button, which Leaflet draws with only a number in it. */
  function nameClusters(pane) {
    for (const icon of pane.querySelectorAll(".marker-cluster:not([aria-label])")) {
      const name = `${icon.textContent.trim()} schools here: press Enter to zoom in`;
      icon.setAttribute("aria-label", name);
      icon.setAttribute("title", name);
    }
  }

  function makeMap(L, box, canvas) {
    const map = L.map(canvas, { keyboard: true, zoomControl: true, worldCopyJump: false });
    const tiles = box.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, {
        attribution: escapeText(box.getAttribute("data-attribution") || ""),
        maxZoom: 19,
      }).addTo(map);
    } else {
      canvas.classList.add("sn-map__canvas--plain");
    }
    map.attributionControl.setPrefix(false);
    const group = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      iconCreateFunction: (cluster) => clusterIcon(L, cluster),
    });
    group.addTo(map);
    // Clusters come and go as the map zooms (in chunks, with animations): name each as it comes.
    const pane = map.getPane("markerPane");
    new MutationObserver(() => nameClusters(pane)).observe(pane, { childList: true });
    map.on("popupopen", (event) => {
      const link = event.popup.getElement().querySelector(".sn-map__popup a");
      if (link) link.focus();
    });
    return { map, group };
  }

  /** Put `points` on the map, zoomed to show them all, and say how many there are. */
  function show(L, drawn, points, note, missing) {
    const { map, group } = drawn;
    group.clearLayers();
    group.addLayers(points.map((point) => markerFor(L, point)));
    if (points.length) {
      const bounds = L.latLngBounds(points.map((p) => [p.lat, p.lon]));
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14, animate: false });
    } else {
      map.setView([54.5, -3], 5, { animate: false });
    }
    const noun = points.length === 1 ? "school" : "schools";
    let text = `${points.length} ${noun} on the map`;
    if (missing) text += `; ${missing} without a recorded location`;
    note.textContent = `${text}.`;
    note.setAttribute("data-count", String(points.length));
  }

  /** A directory map: the matching rows of the page's directory, again after every filter. */
  function followDirectory(L, box, drawn, note) {
    const directory = pageDirectory();
    const where = loadMapData(box.getAttribute("data-from"));
    let generation = 0;
    function draw(detail) {
      generation += 1;
      const mine = generation;
      note.textContent = "Loading the schools…";
      return where
        .then((byRow) => {
          const rows = detail.indices === null ? [...byRow.keys()] : detail.indices;
          const placed = rows.filter((row) => byRow.has(row));
          const total = detail.indices === null ? detail.total : rows.length;
          return Promise.all(placed.map((row) => detail.link(row))).then((links) => {
            if (mine !== generation) return;
            const points = placed
              .map((row, i) => {
                const [lat, lon] = byRow.get(row);
                const link = links[i] || { name: "A school", href: "" };
                return { lat, lon, name: link.name, href: link.href };
              });
            show(L, drawn, points, note, total - points.length);
          });
        })
        .catch(() => {
          if (mine === generation) note.textContent = "The map's data could not be loaded.";
        });
    }
    if (!directory) return Promise.resolve();
    directory.addEventListener("directory:filtered", (event) => draw(event.detail));
    return directory.snFiltered ? draw(directory.snFiltered) : Promise.resolve();
  }

  function setUpMap(box) {
    if (box.hasAttribute("data-sn-ready")) return;
    box.setAttribute("data-sn-ready", "");
    counter += 1;
    const id = `sn-map${counter}`;
    const label = box.getAttribute("data-label") || "Map";
    const button = el(
      "button",
      { type: "button", class: "sn-map__toggle", "aria-expanded": "false", "aria-controls": id },
      "Show map",
    );
    const region = el("div", { id, class: "sn-map__region", role: "region", "aria-label": label });
    region.hidden = true;
    const note = el("p", { class: "sn-map__note", role: "status" });
    const canvas = el("div", { class: "sn-map__canvas" });
    const tiles = box.getAttribute("data-tiles");
    const help = el(
      "p",
      { class: "sn-map__help" },
      "Tab to a marker and press Enter to see the school; a numbered circle groups schools: " +
        "press Enter to zoom in. The list on this page holds the same schools." +
        (tiles ? " The background map comes from another site." : ""),
    );
    region.append(help, canvas, note);
    box.append(button, region);
    let drawn = null;
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", String(!open));
      button.textContent = open ? "Show map" : "Hide map";
      region.hidden = open;
      if (open || drawn) {
        if (drawn) drawn.map.invalidateSize();
        return;
      }
      note.textContent = "Loading the map…";
      loadLibrary().then(
        () => {
          const L = window.L;
          drawn = makeMap(L, box, canvas);
          if (box.getAttribute("data-map") === "directory") {
            followDirectory(L, box, drawn, note);
          } else {
            const points = listPoints(box);
            show(L, drawn, points, note, 0);
          }
          box.snMap = drawn;
        },
        () => {
          note.textContent = "The map could not be loaded.";
        },
      );
    });
  }

  // --- near me ---------------------------------------------------------------------

  function setUpNearMe(box) {
    const directory = pageDirectory();
    const button = el("button", { type: "button", class: "sn-near__ask" }, "Schools near me");
    const note = el(
      "p",
      { class: "sn-meta" },
      "Your browser asks before it shares your location; it stays in your browser, this site is not sent it.",
    );
    // The live region comes with the first press (the directory's own status is the page's
    // only one until then), and speaks from the next moment on.
    const region = el("p", { class: "sn-near__status", role: "status" });
    const list = el("ol", { class: "sn-list sn-near__list" });
    list.hidden = true;
    box.append(button, note, list);
    function say(text) {
      if (!region.isConnected) list.before(region);
      window.setTimeout(() => {
        region.textContent = text;
      }, 50);
    }
    button.addEventListener("click", () => {
      if (!navigator.geolocation) {
        say("This browser cannot tell where you are. Search by name, postcode or local authority instead.");
        return;
      }
      say("Asking your browser where you are…");
      navigator.geolocation.getCurrentPosition(
        (position) => nearest(position.coords.latitude, position.coords.longitude),
        (error) => {
          list.hidden = true;
          say(error.code === error.PERMISSION_DENIED
              ? "Your browser did not share your location, so the nearest schools cannot be found. " +
                "Allow location for this site in the browser's settings and try again, or filter by local authority."
              : "Your location could not be found just now. Try again, or filter by local authority.");
        },
        { maximumAge: 600000, timeout: 20000 },
      );
    });

    function nearest(lat, lon) {
      const detail = directory && directory.snFiltered;
      if (!detail) return;
      say("Finding the nearest schools…");
      loadMapData(box.getAttribute("data-from"))
        .then((byRow) => {
          const rows = detail.indices === null ? [...byRow.keys()] : detail.indices;
          const near = rows
            .filter((row) => byRow.has(row))
            .map((row) => [row, distanceKm(lat, lon, ...byRow.get(row))])
            .sort((a, b) => a[1] - b[1] || a[0] - b[0])
            .slice(0, NEAR_COUNT);
          return Promise.all(near.map(([row]) => detail.link(row))).then((links) => {
            list.replaceChildren(
              ...near.map(([, km], i) => {
                const li = el("li");
                const link = links[i];
                if (link) li.append(el("a", { href: link.href }, link.name));
                li.append(` · ${distanceText(km)}`);
                return li;
              }),
            );
            list.hidden = near.length === 0;
            const filtered = detail.indices !== null ? " that match the filters" : "";
            say(near.length
              ? `The ${near.length} schools${filtered} nearest you, nearest first:`
              : `No school${filtered} has a recorded location.`);
          });
        })
        .catch(() => {
          say("The schools' locations could not be loaded.");
        });
    }
  }

  // --- suppliers recommended near a school ----------------------------------------

  function setUpSuppliersNear(box) {
    const directory = pageDirectory();
    const data = document.querySelector("script.sn-near__schools");
    let schools = [];
    try {
      schools = JSON.parse((data && data.textContent) || "{}").schools || [];
    } catch (error) {
      schools = [];
    }
    if (!directory || schools.length === 0) return;
    const byId = new Map(schools.map((s) => [s[0], s]));
    const form = el("form", {
      class: "sn-near__form",
      "aria-label": "Suppliers recommended near a school",
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    const within = el("select", { id: "sn-near-within", name: "within" });
    for (const km of DISTANCES) {
      within.append(el("option", { value: String(km) }, `${km} km (${Math.round(km / KM_PER_MILE)} miles)`));
    }
    within.value = "10";
    const school = el("select", { id: "sn-near-school", name: "near" });
    school.append(el("option", { value: "" }, "Any school"));
    for (const [id, name] of schools) school.append(el("option", { value: id }, name));
    const field = (control, label) => {
      const wrap = el("div", { class: "sn-filters__field sn-filters__field--select" });
      wrap.append(el("label", { for: control.id }, label), control);
      return wrap;
    };
    form.append(
      field(within, "Recommended by a school within"),
      field(school, "of (a school that recommends suppliers)"),
    );
    box.append(form);

    function apply() {
      const chosen = byId.get(school.value);
      let test = null;
      if (chosen) {
        const km = parseFloat(within.value);
        const near = new Set(
          schools.filter((s) => distanceKm(chosen[2], chosen[3], s[2], s[3]) <= km).map((s) => s[0]),
        );
        test = (get) => (get("schools") || "").split(SEP).some((id) => near.has(id));
      }
      directory.dispatchEvent(new CustomEvent("directory:refine", { detail: { key: "near", test } }));
      const params = new URLSearchParams(window.location.search);
      if (chosen) {
        params.set("near", school.value);
        params.set("within", within.value);
      } else {
        params.delete("near");
        params.delete("within");
      }
      const query = params.toString();
      window.history.replaceState(
        window.history.state,
        "",
        `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`,
      );
    }

    const params = new URLSearchParams(window.location.search);
    if (byId.has(params.get("near"))) school.value = params.get("near");
    if (DISTANCES.includes(Number(params.get("within")))) within.value = params.get("within");
    school.addEventListener("change", apply);
    within.addEventListener("change", apply);
    if (school.value) apply();
  }

  function setUpAll() {
    document.querySelectorAll(".sn-map").forEach(setUpMap);
    document.querySelectorAll(".sn-near:not([data-sn-ready])").forEach((box) => {
      box.setAttribute("data-sn-ready", "");
      if (box.getAttribute("data-near") === "me") setUpNearMe(box);
      else if (box.getAttribute("data-near") === "suppliers") setUpSuppliersNear(box);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
