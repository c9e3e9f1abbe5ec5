// Loads a page written by `archvet graph -format html` in Debian's
// chromium (through playwright-core, which brings no browser of its own),
// checks it against the data it embeds, clicks a component and a red
// edge, and saves a screenshot. Run by .ci/graph-browser.sh:
//
//	node graph-browser.mjs PAGE.html SHOT.png MIN_VIOLATING MIN_BASELINED
//
// Exits 1 with the failed checks listed on stderr.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [page_, shot, minViolating, minBaselined] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: Number(process.env.GRAPH_WIDTH || 1400), height: 1000 } });
  const requests = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(pathToFileURL(page_).href);
  await page.waitForSelector("html[data-ready=true]", { timeout: 10000 });

  const data = await page.evaluate(() => JSON.parse(document.getElementById("archgraph-data").textContent));
  const components = Object.keys(data.components);
  const edges = Object.keys(data.edges);
  const red = edges.filter((id) => data.edges[id].findings.length > 0);
  const baselined = edges.filter((id) => data.edges[id].findings.length === 0 && data.edges[id].baselined.length > 0);
  const count = (sel) => page.locator(sel).count();

  check(components.length > 0, "no component in the data");
  check(await count("#graph svg g.node") === components.length, `${await count("#graph svg g.node")} nodes drawn, ${components.length} components`);
  check(await count("#graph svg g.edge") === edges.length + 0, `${await count("#graph svg g.edge")} edges drawn, ${edges.length} in the data`);
  for (const id of components) {
    const text = await page.locator(`#graph g#${id} text`).allTextContents();
    check(text[0] === data.components[id].id, `node ${id} reads ${JSON.stringify(text)}, want ${data.components[id].id}`);
  }
  check(await count("#graph g.edge.violating") === red.length, `${await count("#graph g.edge.violating")} red edges drawn, ${red.length} edges with findings`);
  check(await count("#graph g.edge.baselined") === baselined.length, `${await count("#graph g.edge.baselined")} dashed edges drawn, ${baselined.length} edges with baselined findings only`);
  check(red.length >= Number(minViolating), `${red.length} red edges, want at least ${minViolating}`);
  check(baselined.length >= Number(minBaselined), `${baselined.length} baselined edges, want at least ${minBaselined}`);
  for (const id of red) {
    const stroke = await page.locator(`#graph g#${id} path`).first().getAttribute("stroke");
    check(stroke === "#d62728", `red edge ${id} has stroke ${stroke}`);
  }

  // Click the first component: the panel lists its packages.
  const first = components.sort()[0];
  await page.locator(`#graph g#${first}`).click();
  check(await page.locator("#details h2").textContent() === data.components[first].id, "clicking a component does not show it");
  const pkgs = await page.locator("#details li").allTextContents();
  check(JSON.stringify(pkgs) === JSON.stringify(data.components[first].packages), `component ${first} lists ${JSON.stringify(pkgs)}`);

  // Click a red edge, on its label: the panel lists its findings with file:line.
  if (red.length > 0) {
    const e = data.edges[red[0]];
    await page.locator(`#graph g#${red[0]} text`).first().click();
    const items = await page.locator("#details li.finding").allTextContents();
    for (const f of e.findings) {
      const where = `${f.pos.file}:${f.pos.line}:${f.pos.col}`;
      check(items.some((t) => t.startsWith(where) && t.includes(f.message) && t.includes(`[${f.rule}]`)),
        `clicking edge ${red[0]} does not list ${where}: ${f.message}; listed ${JSON.stringify(items)}`);
    }
  }
  check(requests.length === 0, `the page asked for ${requests.join(", ")}`);
  check(errors.length === 0, `script errors: ${errors.join("; ")}`);
  await page.locator("body").screenshot({ path: shot });
  console.log(`${page_}: ${components.length} components, ${edges.length} edges, ${red.length} red, ${baselined.length} baselined; screenshot ${shot}`);
} finally {
  await browser.close();
}
if (failures.length > 0) {
  for (const f of failures) console.error(`${page_}: ${f}`);
  process.exit(1);
}
