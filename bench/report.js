// Turns the benchmark's measurements into bench/results/latest.json and latest.md.
"use strict";
const fs = require("fs");
const os = require("os");

const [rowsFile, growthJson, seconds, quick, jsonOut, mdOut] = process.argv.slice(2);
const rows = fs.readFileSync(rowsFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const growth = JSON.parse(growthJson);
const report = {
  date: new Date().toISOString(),
  cores: os.cpus().length,
  cpu: os.cpus()[0] && os.cpus()[0].model,
  secondsPerMeasurement: +seconds,
  quick: quick === "1",
  rows,
  growth,
};

const kb = (bytes) => (bytes === undefined || bytes === null ? null : bytes / 1024);
const f = (n, d = 1) => (n === undefined || n === null || Number.isNaN(n) ? "–" : n.toFixed(d));
const thin = (r) => r.thin || {};
const floorOf = (r) => r.floor || {};
const items = (r) => (r.operation === "batch" ? 100 : 1);
const lines = [
  `Benchmark ${report.date} — ${report.cores} cores (${report.cpu}), ${seconds} s per measurement${report.quick ? ", --quick" : ""}.`,
  "",
  "API = the service; thin = bench/Thin, the thinnest HTTP endpoint over the same Cosmos calls (no auth, validation, MVC or model); floor = the same calls from the SDK, no HTTP.",
  "",
  "| operation | conns | API req/s | thin req/s | floor ops/s | API/thin | API/floor | API p50 ms | API p99 ms | thin p99 ms | floor p99 ms | Cosmos req per API req | API CPU µs/req | thin CPU µs/req | floor CPU µs/op | API KB/req | thin KB/req | floor KB/op | API non-2xx |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...rows.map((r) =>
    `| ${r.operation}${items(r) > 1 ? ` (${items(r)} items: ${f(r.api.requestsPerSecond * items(r), 0)} items/s)` : ""} | ${r.connections} | ` +
    `${f(r.api.requestsPerSecond, 0)} | ${f(thin(r).requestsPerSecond, 0)} | ${f(floorOf(r).opsPerSecond, 0)} | ` +
    `${f(r.api.requestsPerSecond / thin(r).requestsPerSecond, 2)} | ${f(r.api.requestsPerSecond / floorOf(r).opsPerSecond, 2)} | ` +
    `${f(r.api.p50, 2)} | ${f(r.api.p99, 2)} | ${f(thin(r).p99, 2)} | ${f(floorOf(r).p99, 2)} | ${f(r.api.cosmosRequestsPerRequest, 2)} | ` +
    `${f(r.api.cpuMicrosecondsPerRequest, 0)} | ${f(thin(r).cpuMicrosecondsPerRequest, 0)} | ${f(floorOf(r).cpuMicrosecondsPerOp, 0)} | ` +
    `${f(kb(r.api.allocatedBytesPerRequest), 1)} | ${f(kb(thin(r).allocatedBytesPerRequest), 1)} | ${f(kb(floorOf(r).allocatedBytesPerOp), 1)} | ${r.api.non2xx} |`),
];

// The secured anchors beside the thin endpoint (bench/Thin with BENCH_THIN_AUTH): "stock" is the thin endpoint behind a
// plain AddJwtBearer and a scope-and-tenant policy, what a team would build instead; "ours" behind the API's own
// authentication and authorization registration, the cheapest secured endpoint this code allows.
const anchored = rows.filter((r) => r.thinStock && r.thinOurs);
if (anchored.length > 0) {
  const cpu = (x) => f(x.cpuMicrosecondsPerRequest, 0);
  lines.push("", "| operation | conns | API req/s | thin req/s | thin+stock req/s | thin+ours req/s | API/thin+ours | API/thin+stock | CPU µs/req API · thin · stock · ours | p99 ms API · thin · stock · ours | KB/req API · thin · stock · ours |",
    "|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of anchored) {
    const all = [r.api, r.thin, r.thinStock, r.thinOurs];
    lines.push(`| ${r.operation} | ${r.connections} | ${f(r.api.requestsPerSecond, 0)} | ${f(r.thin.requestsPerSecond, 0)} | ${f(r.thinStock.requestsPerSecond, 0)} | ` +
      `${f(r.thinOurs.requestsPerSecond, 0)} | ${f(r.api.requestsPerSecond / r.thinOurs.requestsPerSecond, 2)} | ${f(r.api.requestsPerSecond / r.thinStock.requestsPerSecond, 2)} | ` +
      `${all.map(cpu).join(" · ")} | ${all.map((x) => f(x.p99, 2)).join(" · ")} | ${all.map((x) => f(kb(x.allocatedBytesPerRequest), 1)).join(" · ")} |`);
  }
}

// What a latency stall would leave behind in the API's runtime, per measured window (from its counters, read each second).
const withRuntime = rows.filter((r) => r.api.runtime);
if (withRuntime.length > 0) {
  lines.push("", "| operation (16 conns) | API p99 ms | gen-2 GCs | max % time in GC | max thread-pool threads | max thread-pool queue |", "|---|---|---|---|---|---|");
  for (const r of withRuntime) {
    const t = r.api.runtime;
    lines.push(`| ${r.operation} | ${f(r.api.p99, 2)} | ${t.gen2Collections} | ${f(t.maxTimeInGcPercent, 1)} | ${f(t.maxThreadPoolThreads, 0)} | ${f(t.maxThreadPoolQueue, 1)} |`);
  }
}

// The targets, judged on this run's own ratios at 16 connections: against the thin endpoint behind the API's own
// security (thin + ours), and faster outright than the thin endpoint behind stock JwtBearer (thin + stock).
const at16 = (op) => rows.find((r) => r.operation === op && r.connections === 16 && r.thinOurs);
const targets = [];
for (const op of ["get", "post", "patch"]) {
  const r = at16(op);
  if (!r) continue;
  targets.push([`${op}: throughput ≥ 0.8× thin + ours`, r.api.requestsPerSecond / r.thinOurs.requestsPerSecond, (v) => v >= 0.8]);
  targets.push([`${op}: CPU per request ≤ 1.35× thin + ours`, r.api.cpuMicrosecondsPerRequest / r.thinOurs.cpuMicrosecondsPerRequest, (v) => v <= 1.35]);
  targets.push([`${op}: p99 ≤ 1.5× thin + ours`, r.api.p99 / r.thinOurs.p99, (v) => v <= 1.5]);
  targets.push([`${op}: throughput > thin + stock`, r.api.requestsPerSecond / r.thinStock.requestsPerSecond, (v) => v > 1]);
}
report.targets = targets.map(([target, ratio, ok]) => ({ target, ratio, met: ok(ratio) }));
fs.writeFileSync(jsonOut, JSON.stringify(report, null, 2) + "\n");
lines.push("", "| target (16 connections) | this run | met |", "|---|---|---|", ...report.targets.map((t) => `| ${t.target} | ${f(t.ratio, 2)} | ${t.met ? "yes" : "**no**"} |`));
if (growth.length > 0) {
  lines.push("", "| customers in tenant | search | page | API median ms | Cosmos requests | HTTP status |", "|---|---|---|---|---|---|");
  for (const g of growth) lines.push(`| ${g.customers} | ${g.label} | ${g.page} | ${f(g.medianMs, 1)} | ${g.cosmosRequests} | ${g.status} |`);
}
fs.writeFileSync(mdOut, lines.join("\n") + "\n");
