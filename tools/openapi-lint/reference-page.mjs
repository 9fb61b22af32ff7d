// Opens the reference page (GET /docs) in headless Chromium and checks that every operation the served document
// lists is rendered by its summary, that the introduction is (its headings), and that operations show their scope. Usage: node reference-page.mjs <api base url> [screenshot.png]
// Chromium may resolve no host but loopback, so the page is proved to work with no internet access.
import { execFileSync } from "node:child_process";

const [base, screenshot] = process.argv.slice(2);
const chromium = process.env.CHROMIUM ?? "chromium";
const page = `${base}/docs/`;
const browser = (...extra) => execFileSync(chromium, [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  "--virtual-time-budget=15000", ...extra, page,
], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });

const document = await (await fetch(`${base}/openapi/v1.json`)).json();
const summaries = Object.values(document.paths).flatMap(path =>
  Object.entries(path).filter(([method]) => ["get", "head", "post", "patch", "put", "delete"].includes(method))
    .map(([, operation]) => operation.summary));

// The page breaks long words with <wbr>; the text nodes of the rendered DOM, one per line.
// Operations are rendered as they come into view: a window tall enough holds them all.
const dom = browser("--dump-dom", "--window-size=1440,30000");
const rendered = new Set(dom.replace(/<wbr>|<!---->/g, "").replace(/<[^>]+>/g, "\n")
  .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&quot;/g, '"')
  .split("\n").map(line => line.trim()).filter(Boolean));
const headings = [...document.info.description.matchAll(/^## (.+)$/gm)].map(match => match[1].trim());
const missing = [...summaries, ...headings, "Scope:"].filter(text => !rendered.has(text));

if (screenshot) browser(`--screenshot=${screenshot}`, "--window-size=1440,1100", "--hide-scrollbars");

if (summaries.length === 0 || headings.length === 0 || missing.length > 0) {
  console.error(`reference page: ${summaries.length} operations, ${headings.length} introduction headings, not rendered: ${JSON.stringify(missing)}`);
  process.exit(1);
}
console.log(`reference page: all ${summaries.length} operation summaries, ${headings.length} introduction headings and the scopes rendered at ${page}`);
