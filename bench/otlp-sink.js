#!/usr/bin/env node
// A local OTLP/HTTP receiver for the benchmark: accepts every export (traces, metrics, logs), counts the
// requests and bytes, and answers 200 with an empty protobuf body, as a collector does. Loopback only.
// Usage: node bench/otlp-sink.js  → prints "otlp-sink ready at http://127.0.0.1:PORT"; GET /stats → counts.
"use strict";
const http = require("http");

const stats = { requests: 0, bytes: 0, byPath: {} };
const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(stats));
    return;
  }
  let bytes = 0;
  req.on("data", (chunk) => { bytes += chunk.length; });
  req.on("end", () => {
    stats.requests += 1;
    stats.bytes += bytes;
    stats.byPath[req.url] = (stats.byPath[req.url] || 0) + 1;
    res.writeHead(200, { "content-type": "application/x-protobuf" });
    res.end();
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => console.log(`otlp-sink ready at http://127.0.0.1:${server.address().port}`));
// Ends with its parent: the benchmark closes this pipe when it stops.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
