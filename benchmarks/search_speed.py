"""How fast both searches match, in Chromium, on a built site (25,000 schools in mind).

    .venv/bin/python benchmarks/search_speed.py SITE_DIR [--base /synthetic/]

The header search and the schools directory's text box share one matcher
(site_templates/assets/record-search.js), which forgives a typo and finds
words inside words: work a prefix index never did. This times, in headless
Chromium, on the built site: the directory's matcher over every row of
rows.json (folding every row once, then each query over all of them, cold),
and the header search's whole answer (its plan over the manifest's words,
the shards it reads, the ranking), each query run five times, the median
kept. The network is a local server: the figures are the browser's work.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from e2e.support import CHROMIUM, CHROMIUM_ARGS, SiteHandler

QUERIES = [
    "beck",
    "heathercroft",
    "haethercroft",
    "hexham",
    "ne61",
    "ne61 1",
    "morpeth primary",
    "view",
]
RUNS = 5

DIRECTORY = """async ({ queries, runs }) => {
  const wrapper = document.querySelector(".sn-directory");
  const rules = JSON.parse(wrapper.getAttribute("data-search"));
  const address = new URL(wrapper.getAttribute("data-rows"), document.baseURI);
  const data = await (await fetch(address)).json();
  const matcher = window.SchoolnetSearch.matcher(rules);
  const at = rules.fields.map(([key]) => data.fields.indexOf(key));
  let start = performance.now();
  const rows = data.rows.map((row) => matcher.prepare(at.map((i) => String(row[i] ?? ""))));
  const prepare = performance.now() - start;
  const times = {};
  const counts = {};
  for (const text of queries) {
    const spent = [];
    for (let run = 0; run < runs; run++) {
      start = performance.now();
      const q = matcher.query(text);
      let found = 0;
      for (const row of rows) if (matcher.match(row, q)) found++;
      spent.push(performance.now() - start);
      counts[text] = found;
    }
    times[text] = spent;
  }
  return { rows: rows.length, prepare, times, counts };
}"""

HEADER = """async ({ queries, runs }) => {
  const search = window.SchoolnetSearch;
  const get = async (path) => (await fetch(new URL(path, document.baseURI))).json();
  const times = {};
  const counts = {};
  const shards = {};
  for (const text of queries) {
    const spent = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      const index = search.readManifest(await get("search/records/manifest.json"));
      const q = index.query(text);
      const lead = search.plan(q.words, index);
      const records = [];
      const seen = new Set();
      for (const key of lead ? lead.keys : []) {
        const shard = await get(`search/records/${search.fileStem(key)}.json`);
        for (const record of search.readShard(shard, index)) {
          if (!seen.has(record.url)) records.push(record);
          seen.add(record.url);
        }
      }
      const results = search.ranked(records, q, index);
      spent.push(performance.now() - start);
      counts[text] = results.length;
      shards[text] = lead ? lead.keys.length : 0;
    }
    times[text] = spent;
  }
  return { times, counts, shards };
}"""


def main() -> None:
    """Serve the site, open its schools directory in Chromium, time the searches, print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--base", default="/synthetic/")
    args = parser.parse_args()
    handler = type("Handler", (SiteHandler,), {"base": args.base, "log_message": lambda *a: None})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(args.site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_port}{args.base}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(root + "schools/")
            directory = page.evaluate(DIRECTORY, {"queries": QUERIES, "runs": RUNS})
            page.goto(root)
            header = page.evaluate(HEADER, {"queries": QUERIES, "runs": RUNS})
            browser.close()
    finally:
        server.shutdown()
    print(f"directory: {directory['rows']} rows folded once in {directory['prepare']:.0f} ms")
    heads = ("directory ms", "found", "header ms", "found", "shards")
    print(f"{'query':18} {heads[0]:>12} {heads[1]:>6} {heads[2]:>10} {heads[3]:>6} {heads[4]:>6}")
    for text in QUERIES:
        d = statistics.median(directory["times"][text])
        h = statistics.median(header["times"][text])
        print(
            f"{text:18} {d:12.1f} {directory['counts'][text]:6} {h:10.1f} "
            f"{header['counts'][text]:6} {header['shards'][text]:6}"
        )


if __name__ == "__main__":
    main()
