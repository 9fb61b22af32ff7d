#!/usr/bin/env node
// A partner's webhook receiver in a few lines: answers the verification challenge, checks every delivery's
// signature, drops duplicates by event id, and notices a gap in a customer's sequence.
//   WEBHOOK_SECRET=whsec_... node tools/webhook-receiver/receiver.mjs [port]   (default 8787, 127.0.0.1 only)
//   WEBHOOK_SECRET_FILE=path: the secret read from that file at each delivery instead (the walkthrough starts the receiver
//   before it creates the webhook, which answers the secret, and the challenge needs none).
import { createServer } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const secret = () => (process.env.WEBHOOK_SECRET_FILE ? readFileSync(process.env.WEBHOOK_SECRET_FILE, "utf8").trim() : process.env.WEBHOOK_SECRET ?? "");
const port = Number(process.argv[2] ?? 8787);
const seen = new Set();          // event ids already applied: deliveries are at least once
const sequences = new Map();     // customer id -> the last sequence applied

export function signatureHolds(header, eventId, rawBody, key) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
  const expected = createHmac("sha256", key).update(`${parts.t}.${eventId}.`).update(rawBody).digest();
  // v1 is the current secret; during a rotation v0 is the previous one: either may match the secret you hold.
  return ["v1", "v0"].some((v) => parts[v] && parts[v].length === 64 && timingSafeEqual(Buffer.from(parts[v], "hex"), expected));
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const raw = Buffer.concat(chunks);
    const challenge = request.headers["x-alvys-challenge"];
    if (challenge) {
      response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ challenge }));
      return;
    }

    const eventId = String(request.headers["x-alvys-event-id"] ?? "");
    if (!signatureHolds(String(request.headers["x-alvys-signature"] ?? ""), eventId, raw, secret())) {
      response.writeHead(401).end();
      return;
    }

    // Answer 2xx at once; anything slow belongs in your own queue. A duplicate is acknowledged and ignored.
    response.writeHead(204).end();
    if (seen.has(eventId)) return;
    seen.add(eventId);
    const event = JSON.parse(raw.toString("utf8"));
    if (event.type === "webhook.test") {
      console.log(`test ping ${event.id}`);
      return;
    }

    const last = sequences.get(event.data.Id) ?? 0;
    if (event.sequence > last + 1) {
      console.log(`${event.data.Id}: sequence ${last + 1}..${event.sequence - 1} not seen; GET /customers/${event.data.Id} to catch up`);
    }
    if (event.sequence > last) sequences.set(event.data.Id, event.sequence);
    console.log(`${event.type} ${event.data.Id} #${event.sequence} ${event.data.Name}`);
  });
});

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  server.listen(port, "127.0.0.1", () => console.log(`receiving on http://127.0.0.1:${port}/`));
}
