// Reads `perf script` output (cpu-clock samples with call stacks, JIT frames named through the runtime's perf map)
// of one process and prints where its CPU went, by stage of the request pipeline: for each stage the share of the
// process's samples whose stack passes through it (inclusive; stages nest, so shares add up to more than 100%),
// converted to µs per request with the CPU per request measured in the same run.
// Usage: node bench/profile-stacks.js PERF_SCRIPT_FILE CPU_MICROSECONDS_PER_REQUEST [KB_PER_REQUEST]
"use strict";
const fs = require("fs");
const [file, cpuPerRequest] = process.argv.slice(2);

// A stage is the first of these a frame matches; order them from the more specific to the more general.
const stages = [
  ["GC (collection, allocation slow path)", /\bgc_heap::|WKS::|SVR::|GCHeap::|\bgc_|Alloc(ate)?(Small|Large)|JIT_New/],
  ["JIT / tiering / type loading", /\bjit|CILJit|TieredCompilation|MethodDesc::|ClassLoader|\bPreStub/i],
  ["Kestrel + sockets (transport, HTTP/1.1 parsing)", /Microsoft\.AspNetCore\.Server\.Kestrel|System\.Net\.Sockets|System\.IO\.Pipelines/],
  ["Cosmos SDK (incl. its HTTP client)", /Microsoft\.Azure\.Cosmos|Microsoft\.Azure\.Documents/],
  ["OpenTelemetry (spans, metrics)", /OpenTelemetry|System\.Diagnostics\.(Activity|Metrics|DiagnosticListener|DiagnosticSource)/],
  ["Logging", /Microsoft\.Extensions\.Logging/],
  ["Authentication (JWT, remembered tokens)", /Microsoft\.AspNetCore\.Authentication|Microsoft\.IdentityModel|System\.IdentityModel|RememberedToken/],
  ["Authorization (policies, scopes, tenant)", /Microsoft\.AspNetCore\.Authorization|Alvys\.Customers\.Api\.Security/],
  ["Rate limiting", /RateLimit/],
  ["Our middlewares (deadline, limits, metering)", /Alvys\.Customers\.Api\.(Limits|Observability\.CosmosRoundTripMetering)/],
  ["Validation (FluentValidation)", /FluentValidation/],
  ["Mediator pipeline + handlers", /\bMediator\b|Alvys\.Customers\.Application/],
  ["Repository + document mapping", /Alvys\.Customers\.Infrastructure|Alvys\.Customers\.Domain/],
  ["System.Text.Json", /System\.Text\.Json/],
  ["MVC (routing, binding, filters, results)", /Microsoft\.AspNetCore\.(Mvc|Routing)/],
  ["Hosting + middleware plumbing", /Microsoft\.AspNetCore\.(Hosting|Http|Builder|Diagnostics|ResponseCaching|WebUtilities)/],
  ["Thread pool + async machinery", /System\.Threading|System\.Runtime\.CompilerServices/],
];

const samples = [];
let current = null;
for (const line of fs.readFileSync(file, "utf8").split("\n")) {
  if (/^\S/.test(line)) { current = []; samples.push(current); continue; }
  const frame = line.trim();
  if (frame && current) current.push(frame.replace(/^[0-9a-f]+\s+/, ""));
}
const total = samples.length;
const inclusive = new Map(stages.map(([name]) => [name, 0]));
const leaf = new Map();
for (const stack of samples) {
  const seen = new Set();
  let leafStage = null;
  for (const frame of stack) {
    const stage = stages.find(([, pattern]) => pattern.test(frame));
    if (!stage) continue;
    if (leafStage === null) leafStage = stage[0];
    seen.add(stage[0]);
  }
  for (const name of seen) inclusive.set(name, inclusive.get(name) + 1);
  const key = leafStage || "other (native runtime, kernel)";
  leaf.set(key, (leaf.get(key) || 0) + 1);
}
const us = (count) => (count / total) * +cpuPerRequest;
console.log(`${total} samples, ${(+cpuPerRequest).toFixed(0)} µs CPU per request`);
console.log("");
console.log("| stage | inclusive % | inclusive µs/req | self % (innermost stage of the sample) | self µs/req |");
console.log("|---|---|---|---|---|");
const names = [...stages.map(([name]) => name), "other (native runtime, kernel)"];
for (const name of names) {
  const inc = inclusive.get(name) || 0, self = leaf.get(name) || 0;
  if (inc === 0 && self === 0) continue;
  console.log(`| ${name} | ${((inc / total) * 100).toFixed(1)} | ${inc ? us(inc).toFixed(0) : "–"} | ${((self / total) * 100).toFixed(1)} | ${us(self).toFixed(0)} |`);
}

// The frames behind the stages: the methods that hold the most samples themselves (leaf), and the service's and its
// libraries' methods by inclusive share (below the request's root, whose share is everything).
const strip = (frame) => frame.replace(/\s*\(\/[^)]*\)$/, "").replace(/\+0x[0-9a-f]+$/, "").replace(/\[OptimizedTier1\]|\[Optimized\]|\[Tier0\]|\[Tier1\]|\[PreJIT\]|\[QuickJitted\]|\[OSR\]/g, "").trim();
const leafFrames = new Map(), inclusiveFrames = new Map();
for (const stack of samples) {
  if (stack.length) leafFrames.set(strip(stack[0]), (leafFrames.get(strip(stack[0])) || 0) + 1);
  for (const frame of new Set(stack.map(strip))) inclusiveFrames.set(frame, (inclusiveFrames.get(frame) || 0) + 1);
}
const top = (map, n, filter) => [...map].filter(([f]) => filter(f)).sort((a, b) => b[1] - a[1]).slice(0, n);
console.log("");
console.log("| method (self: the sample's innermost frame) | self % | self µs/req |");
console.log("|---|---|---|");
for (const [frame, count] of top(leafFrames, 25, () => true)) {
  console.log(`| ${frame.replace(/\|/g, "\\|").slice(0, 160)} | ${((count / total) * 100).toFixed(1)} | ${us(count).toFixed(1)} |`);
}
const ours = /Alvys\.Customers|Microsoft\.AspNetCore\.(Mvc|Authentication|Authorization|RateLimiting)|OpenTelemetry|Mediator|FluentValidation|Microsoft\.IdentityModel/;
console.log("");
console.log("| method of the service or its libraries (inclusive) | inclusive % | inclusive µs/req |");
console.log("|---|---|---|");
for (const [frame, count] of top(inclusiveFrames, 40, (f) => ours.test(f))) {
  console.log(`| ${frame.replace(/\|/g, "\\|").slice(0, 160)} | ${((count / total) * 100).toFixed(1)} | ${us(count).toFixed(1)} |`);
}
