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
const lines = [
  `Benchmark ${report.date} — ${report.cores} cores (${report.cpu}), ${seconds} s per measurement${report.quick ? ", --quick" : ""}.`,
  "",
  "| operation | conns | API req/s | floor ops/s | ratio | API p50 ms | API p99 ms | floor p50 ms | floor p99 ms | Cosmos req per API req | floor Cosmos req per op | API CPU µs/req | floor CPU µs/op | API KB alloc/req | floor KB alloc/op | API non-2xx |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...rows.map((r) =>
    `| ${r.operation} | ${r.connections} | ${f(r.api.requestsPerSecond, 0)} | ${f(r.floor.opsPerSecond, 0)} | ${f(r.api.requestsPerSecond / r.floor.opsPerSecond, 2)} | ` +
    `${f(r.api.p50, 2)} | ${f(r.api.p99, 2)} | ${f(r.floor.p50, 2)} | ${f(r.floor.p99, 2)} | ${f(r.api.cosmosRequestsPerRequest, 2)} | ` +
    `${f(r.floor.requestsPerOp, 2)} | ${f(r.api.cpuMicrosecondsPerRequest, 0)} | ${f(r.floor.cpuMicrosecondsPerOp, 0)} | ` +
    `${f(kb(r.api.allocatedBytesPerRequest), 1)} | ${f(kb(r.floor.allocatedBytesPerOp), 1)} | ${r.api.non2xx} |`),
];

// The targets of the performance issue, judged on this run's own ratios.
const at16 = (op) => rows.find((r) => r.operation === op && r.connections === 16);
const targets = [];
for (const [op, min] of [["get", 0.75], ["post", 0.7], ["patch", 0.7]]) {
  const r = at16(op);
  if (r) targets.push([`${op} throughput at 16 connections ≥ ${min}× floor`, r.api.requestsPerSecond / r.floor.opsPerSecond, (v) => v >= min]);
}
for (const r of rows) {
  targets.push([`${r.operation} p99 at ${r.connections} connection(s) ≤ 2× floor p99`, r.api.p99 / r.floor.p99, (v) => v <= 2]);
}
const get16 = at16("get");
if (get16) targets.push(["CPU per GET at 16 connections ≤ 1.5× the SDK's CPU per point read", get16.api.cpuMicrosecondsPerRequest / get16.floor.cpuMicrosecondsPerOp, (v) => v <= 1.5]);
report.targets = targets.map(([target, ratio, ok]) => ({ target, ratio, met: ok(ratio) }));
fs.writeFileSync(jsonOut, JSON.stringify(report, null, 2) + "\n");
lines.push("", "| target | this run | met |", "|---|---|---|", ...report.targets.map((t) => `| ${t.target} | ${f(t.ratio, 2)} | ${t.met ? "yes" : "**no**"} |`));
if (growth.length > 0) {
  lines.push("", "| customers in tenant | search | page | API median ms | Cosmos requests | HTTP status |", "|---|---|---|---|---|---|");
  for (const g of growth) lines.push(`| ${g.customers} | ${g.label} | ${g.page} | ${f(g.medianMs, 1)} | ${g.cosmosRequests} | ${g.status} |`);
}
fs.writeFileSync(mdOut, lines.join("\n") + "\n");
