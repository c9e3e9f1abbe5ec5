// Renders Mermaid files written by `archvet graph` with the mermaid
// package from npm in Debian's chromium, as GitHub does, and checks that
// each parses and draws its nodes and edges. Run by .ci/graph-browser.sh:
//
//	node graph-mermaid.mjs MERMAID_JS SHOT_DIR FILE.mmd...
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";

const [mermaidJS, shots, ...files] = process.argv.slice(2);
const failures = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.setContent("<!DOCTYPE html><html><body><div id=out></div></body></html>");
    await page.addScriptTag({ path: mermaidJS });
    const res = await page.evaluate(async (text) => {
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
      try {
        const { svg } = await mermaid.render("graph", text);
        document.getElementById("out").innerHTML = svg;
        return { nodes: document.querySelectorAll("#out g.node").length,
          edges: document.querySelectorAll("#out path.flowchart-link").length,
          red: [...document.querySelectorAll("#out path.flowchart-link")].filter((p) => /#d62728/i.test(p.getAttribute("style") || "")).length };
      } catch (e) {
        return { error: String(e) };
      }
    }, text);
    const nodes = (text.match(/^\s*c\d+\["/gm) || []).length;
    const edges = (text.match(/^\s*c\d+ -(->|\.->)\|/gm) || []).length;
    const red = (text.match(/^\s*linkStyle \d+ stroke:#d62728/gm) || []).length;
    if (res.error) failures.push(`${file}: ${res.error}`);
    else if (res.nodes !== nodes || res.edges !== edges || res.red !== red) {
      failures.push(`${file}: drew ${res.nodes} nodes, ${res.edges} edges, ${res.red} red; the file has ${nodes}, ${edges}, ${red}`);
    } else {
      console.log(`${file}: mermaid drew ${nodes} nodes, ${edges} edges, ${red} red`);
      await page.locator("#out").screenshot({ path: join(shots, basename(file, ".mmd") + "-mermaid.png") });
    }
    await page.close();
  }
} finally {
  await browser.close();
}
for (const f of failures) console.error(f);
process.exit(failures.length > 0 ? 1 : 0);
