#!/usr/bin/env node
// Local Cosmos DB-compatible endpoint for development and tests.
//
// Wraps @vercel/cosmosdb-server 1.0.1 (pinned exactly: these fixes reach into its internals) and
// closes the gaps the Alvys Customers service depends on; see shared LOCAL-COSMOS.md for the list:
//   - reading a missing document answers 404 instead of crashing into a 500;
//   - query-plan requests get a passthrough plan (the server has one partition range and executes
//     ORDER BY / TOP / COUNT itself), and every query answer says it needs no distribution;
//   - queries honour the partition-key header, as Cosmos does, instead of demanding the key in the SQL;
//   - `OFFSET n LIMIT m` is stripped before the parser (which lacks it) and applied to the result;
//   - two quadratic steps of the query engine (the FROM scan, the result clean-up) run in linear time;
//   - ETags are quoted like real Cosmos ETags;
//   - the change feed of a logical partition (latest version, LSN continuations, 304 when nothing is new);
//   - connections are kept alive.
//
// Usage: node server.js [--port N] [--host 127.0.0.1] [--stop-on-stdin-close] [--stop-when-pid-gone PID]
// Prints exactly one line `cosmos-local ready at http://HOST:PORT/` once it accepts connections.
"use strict";

const path = require("path");

const lib = path.join(path.dirname(require.resolve("@vercel/cosmosdb-server/package.json")), "lib");
const load = (relative) => require(path.join(lib, relative));

const trueHeader = load("true-header").default;
const readJson = load("json").default;
const getValue = load("utils/get-value").default;
const { parsePartitionKey } = load("utils/get-partition-from-header");
// The query library the server depends on, resolved from the server's own folder.
const loadQuery = (relative) => require(require.resolve(path.posix.join("@zeit/cosmosdb-query", relative), { paths: [lib] }));
const queryModule = loadQuery("");
const { SyntaxError: QuerySyntaxError } = queryModule;

// The query compiler turns `FROM c` into `$c.reduce(($, c) => [...$, { c }], [])`: a copy of the whole
// array per document, quadratic — 25 s for one scan of 20,000 documents. The same step as a linear filter/map.
const QueryPrototype = Object.getPrototypeOf(queryModule.default("SELECT * FROM c"));
const compile = Object.getOwnPropertyDescriptor(QueryPrototype, "code").get;
const QUADRATIC_FROM = /(\$\w+)\.reduce\(\(\$, (\w+)\) => typeof \2 !== "undefined" \? \[\.\.\.\$, \{\s*\2: \2\s*\}\] : \$, \[\]\)/g;
Object.defineProperty(QueryPrototype, "code", {
  get() {
    return compile.call(this).replace(QUADRATIC_FROM, '$1.filter(($2) => typeof $2 !== "undefined").map(($2) => ({ $2: $2 }))');
  }
});

// Every query result goes through `stripUndefined`, which rebuilds arrays with `[...o, v]` per element:
// quadratic again — 10 s for a 20,000-document result, past 100 s at 50,000. The same result, built linearly.
const queryHelpers = loadQuery("lib/helpers");
queryHelpers.stripUndefined = function stripUndefined(value) {
  if (Array.isArray(value)) {
    const kept = [];
    for (const item of value) {
      if (typeof item !== "undefined") kept.push(stripUndefined(item));
    }
    return kept;
  }
  if (value && typeof value === "object") {
    const kept = {};
    for (const [key, item] of Object.entries(value)) {
      if (typeof item !== "undefined") kept[key] = stripUndefined(item);
    }
    return kept;
  }
  return value;
};

const PASSTHROUGH_QUERY_PLAN = {
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: "None", top: null, offset: null, limit: null, orderBy: [], orderByExpressions: [],
    groupByExpressions: [], groupByAliases: [], aggregates: [], groupByAliasToAggregateType: {},
    rewrittenQuery: "", hasSelectValue: false, hasNonStreamingOrderBy: false
  },
  queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }]
};

const NOT_FOUND = { code: "NotFound", message: "Entity with the specified id does not exist in the system." };

// `OFFSET x LIMIT y` must close the query; each bound is a literal or a parameter.
const OFFSET_LIMIT = /\s+OFFSET\s+(@\w+|\d+)\s+LIMIT\s+(@\w+|\d+)\s*$/i;

// Cosmos serves an ORDER BY from a composite index in its own order or in the exact opposite one on every path
// ("ORDER BY a DESC, b DESC" from (a ASC, b ASC)); the query engine bundled here matches the order as written only.
function servableOrders(compositeIndexes) {
  const flip = (order) => (order === "descending" ? "ascending" : "descending");
  return compositeIndexes.concat(compositeIndexes.map((index) => index.map((path) => ({ ...path, order: flip(path.order || "ascending") }))));
}

function partitionFromHeader(req) {
  const header = req.headers["x-ms-documentdb-partitionkey"];
  if (!header || header === "[{}]" || header === "[]") return undefined;
  try {
    const parsed = JSON.parse(header);
    return Array.isArray(parsed) ? parsed[0] : parsed;
  } catch (err) {
    return undefined;
  }
}

function boundValue(token, parameters) {
  if (!token.startsWith("@")) return parseInt(token, 10);
  const parameter = (parameters || []).find((p) => p.name === token);
  const value = parameter ? Number(parameter.value) : NaN;
  if (!Number.isInteger(value) || value < 0) {
    const err = new Error(`OFFSET/LIMIT parameter ${token} must be a non-negative integer`);
    err.badRequest = true;
    throw err;
  }
  return value;
}

function parseContinuation(req) {
  const raw = req.headers["x-ms-continuation"];
  if (!raw) return null;
  try {
    return JSON.parse(raw);
  } catch (err) {
    return null;
  }
}

async function queryDocuments(account, req, res, { dbId, collId }) {
  res.setHeader("x-ms-cosmos-query-requiresdistribution", "False");
  const body = await readJson(req);
  if (trueHeader(req, "x-ms-cosmos-is-query-plan-request")) {
    return PASSTHROUGH_QUERY_PLAN;
  }
  if (!body || typeof body.query !== "string") {
    res.statusCode = 400;
    return { code: "BadRequest", message: "missing query" };
  }
  const collection = account.database(dbId).collection(collId);
  const definition = collection.read();
  if (!definition) {
    res.statusCode = 404;
    return NOT_FOUND;
  }

  let sql = body.query;
  let window = null;
  try {
    const match = OFFSET_LIMIT.exec(sql);
    if (match) {
      window = { offset: boundValue(match[1], body.parameters), limit: boundValue(match[2], body.parameters) };
      sql = sql.slice(0, match.index);
    }

    const documents = collection.documents;
    let data = [...documents._data.values()].map((item) => item.read());
    const partition = partitionFromHeader(req);
    if (partition !== undefined) {
      const keyPath = documents._getPartitionKeyPath();
      data = data.filter((doc) => getValue(keyPath, doc) === partition);
    }

    const maxItemCount = req.headers["x-ms-max-item-count"] ? parseInt(req.headers["x-ms-max-item-count"], 10) : null;
    const options = {
      parameters: body.parameters,
      udf: documents._userDefinedFunctions(),
      compositeIndexes: servableOrders((definition.indexingPolicy && definition.indexingPolicy.compositeIndexes) || []),
      // An OFFSET window is answered whole, on one page: the slice is taken from the full result.
      maxItemCount: window ? null : maxItemCount,
      continuation: window ? null : parseContinuation(req)
    };
    const executed = documents._getQuery(sql).exec(data, options);
    let result = executed.result;
    if (window) result = result.slice(window.offset, window.offset + window.limit);
    if (executed.continuation && !window) {
      res.setHeader("x-ms-continuation", JSON.stringify(executed.continuation));
    }
    res.setHeader("x-ms-item-count", String(result.length));
    return { _rid: definition._rid, Documents: result, _count: result.length };
  } catch (err) {
    if (err instanceof QuerySyntaxError || err.badRequest) {
      res.statusCode = 400;
      return { code: "BadRequest", message: err.message };
    }
    throw err;
  }
}

function hookHandler(relative, makeReplacement) {
  const mod = load(relative);
  mod.default = makeReplacement(mod.default);
}

// routes.js captures handler functions when it is first loaded, so the hooks go in before lib/index.js.
hookHandler("handler/query-documents", () => queryDocuments);
hookHandler("handler/read-document", (original) => (account, req, res, params) => {
  const collection = account.database(params.dbId).collection(params.collId);
  if (collection.read()) {
    const header = req.headers["x-ms-documentdb-partitionkey"];
    let partition;
    try {
      partition = parsePartitionKey(header, params.docId);
    } catch (err) {
      res.statusCode = 400;
      return { code: "BadRequest", message: err.message };
    }
    if (!collection.document(params.docId, partition).read()) {
      res.statusCode = 404;
      return NOT_FOUND;
    }
  }
  return original(account, req, res, params);
});

// Every write gets the next logical sequence number, as Cosmos stamps `_lsn` on each version of a document: the
// change feed is read in LSN order, and its continuation is an LSN. One sequence for the whole server (Cosmos
// keeps one per physical partition; this server has one partition range).
let lastLsn = 0;
const Items = load("account/items").default;
const setItem = Items.prototype._set;
Items.prototype._set = function setWithQuotedEtagAndLsn(data) {
  if (typeof data._etag === "string" && !data._etag.startsWith('"')) {
    data._etag = `"${data._etag}"`;
  }
  lastLsn += 1;
  data._lsn = lastLsn;
  return setItem.call(this, data);
};

// The change feed of one logical partition in latest-version mode, as the SDK's change feed iterator reads it:
// GET .../docs with `A-IM: Incremental Feed`, the partition key header, `x-ms-max-item-count`, and the previous
// answer's `etag` sent back as `If-None-Match` (`*` = from now, none = from the beginning). Each changed document
// comes once, in its latest version, in LSN order; the answer's `etag` is the LSN read up to; nothing new is a 304.
function changeFeed(account, req, res, { dbId, collId }) {
  // The generic answer path would turn every conditional 200 into a 304 with etag "1" (the package's stub).
  delete req.headers["a-im"];
  const collection = account.database(dbId).collection(collId);
  const definition = collection.read();
  if (!definition) {
    res.statusCode = 404;
    return NOT_FOUND;
  }
  const condition = req.headers["if-none-match"];
  if (condition === "*") {
    return notModified(res, lastLsn);
  }
  const since = condition === undefined ? 0 : Number(String(condition).replace(/^"|"$/g, ""));
  if (!Number.isSafeInteger(since) || since < 0) {
    res.statusCode = 400;
    return { code: "BadRequest", message: "The continuation is not a valid LSN." };
  }
  const documents = collection.documents;
  let changed = [...documents._data.values()].map((item) => item.read()).filter((doc) => doc._lsn > since);
  const partition = partitionFromHeader(req);
  if (partition !== undefined) {
    const keyPath = documents._getPartitionKeyPath();
    changed = changed.filter((doc) => getValue(keyPath, doc) === partition);
  }
  changed.sort((a, b) => a._lsn - b._lsn);
  const maxItemCount = parseInt(req.headers["x-ms-max-item-count"] || "-1", 10);
  const page = maxItemCount > 0 ? changed.slice(0, maxItemCount) : changed;
  if (page.length === 0) {
    return notModified(res, since);
  }
  res.setHeader("etag", `"${page[page.length - 1]._lsn}"`);
  res.setHeader("x-ms-item-count", String(page.length));
  return { _rid: definition._rid, Documents: page, _count: page.length };
}

// The SDK reads an item count from every change feed answer, a 304 included.
function notModified(res, lsn) {
  res.statusCode = 304;
  res.setHeader("etag", `"${lsn}"`);
  res.setHeader("x-ms-item-count", "0");
  return undefined;
}

hookHandler("handler/read-documents", (original) => (account, req, res, params) =>
  String(req.headers["a-im"] || "").toLowerCase() === "incremental feed" ? changeFeed(account, req, res, params) : original(account, req, res, params));

const { createHttpServer } = load("index");

function parseArgs(argv) {
  const args = { port: 0, host: "127.0.0.1", stopOnStdinClose: false, watchedPid: 0 };
  for (let i = 0; i < argv.length; i += 1) {
    switch (argv[i]) {
      case "--port": args.port = parseInt(argv[++i], 10); break;
      case "--host": args.host = argv[++i]; break;
      case "--stop-on-stdin-close": args.stopOnStdinClose = true; break;
      case "--stop-when-pid-gone": args.watchedPid = parseInt(argv[++i], 10); break;
      default:
        console.error(`unknown argument: ${argv[i]}`);
        process.exit(2);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    console.error("--port must be 0..65535");
    process.exit(2);
  }
  if (!Number.isInteger(args.watchedPid) || args.watchedPid < 0) {
    console.error("--stop-when-pid-gone takes a process id");
    process.exit(2);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const server = createHttpServer({ keepAlive: true });

// GET /_local/stats answers how many requests this server has handled: benchmarks count the round trips
// a workload costs by reading it before and after. No Cosmos path starts with "/_local".
let handled = 0;
const cosmosHandlers = server.listeners("request");
server.removeAllListeners("request");
server.on("request", (req, res) => {
  if (req.url === "/_local/stats") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ requests: handled }));
    return;
  }
  handled += 1;
  cosmosHandlers.forEach((handler) => handler(req, res));
});
if (process.env.COSMOS_LOCAL_LOG === "1") {
  // One stderr line per request, for counting round trips by hand.
  server.prependListener("request", (req) => {
    const plan = trueHeader(req, "x-ms-cosmos-is-query-plan-request") ? " [query plan]" : "";
    const query = trueHeader(req, "x-ms-documentdb-isquery") ? " [query]" : "";
    process.stderr.write(`${req.method} ${req.url}${query}${plan}\n`);
  });
}
server.keepAliveTimeout = 120000;
server.headersTimeout = 121000;
server.listen(args.port, args.host, () => {
  const { port } = server.address();
  process.stdout.write(`cosmos-local ready at http://${args.host}:${port}/\n`);
});

const stop = () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 500).unref();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (args.stopOnStdinClose) {
  // The parent keeps our stdin open for its whole life; when it goes, even killed, the pipe closes.
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
}
if (args.watchedPid > 0) {
  // A container of the test run (sharing the host's process ids) has no pipe to its starter: it looks twice a second
  // whether the test process is still there, so that a test run killed before its clean-up leaves no server behind.
  setInterval(() => {
    try {
      process.kill(args.watchedPid, 0);
    } catch (error) {
      if (error.code === "ESRCH") process.exit(0);
    }
  }, 500).unref();
}
