// A partner's sync program over every operation, written against the client generated from the served document
// (openapi-typescript + openapi-fetch) without a cast or a non-null assertion: .ci/run generates ./schema.d.ts and
// type-checks this file with `tsc --strict --noEmit`, so a document that types a member looser (or tighter) than
// the API answers it breaks CI before it breaks a partner's build.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type Customer = components["schemas"]["CustomerResponse"];
type Written = components["schemas"]["CustomerWriteResponse"];
type Problem = components["schemas"]["ProblemDetails"];

export async function sync(baseUrl: string, token: string): Promise<string[]> {
  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  const seen: string[] = [];
  const say = (problem: Problem): string => `${problem.status} ${problem.title}: ${problem.detail} (trace ${problem.traceId})`;

  const created = await api.POST("/api/p/v1/customers", {
    params: { header: { "Idempotency-Key": "order-sync-1" } },
    body: { Name: "Acme Logistics", Type: "Customer", CompanyNumber: "ACME-001", BillingAddress: { Zip: "12207" }, Email: ["billing@acme.example"] },
  });
  if (created.error) {
    const fields = Object.keys(created.error.errors ?? {});
    return [say(created.error), ...fields, created.error.conflictingField ?? "", created.error.existingCustomerId ?? ""];
  }
  const first: Written = created.data;
  seen.push(`${first.Id} ${first.ETag} ${first.DateModified} ${first.ExternalId ?? "-"}`);

  const read = await api.GET("/api/p/v1/customers/{id}", { params: { path: { id: first.Id } } });
  if (read.error) return [say(read.error)];
  const customer: Customer = read.data;
  seen.push(`${customer.ETag} ${customer.DateModified} ${customer.BillingAddress?.ZipCode ?? ""} ${(customer.ExternalIds ?? []).join(",")}`);
  const head = await api.HEAD("/api/p/v1/customers/{id}", { params: { path: { id: first.Id }, header: { "If-None-Match": customer.ETag } } });
  seen.push(String(head.response.status));

  const found = await api.GET("/api/p/v1/customers", { params: { query: { companyNumber: "acme-001" } } });
  if (found.data) seen.push(found.data.Id);
  const foundHead = await api.HEAD("/api/p/v1/customers", { params: { query: { externalId: "crm-1001" } } });
  seen.push(String(foundHead.response.status));

  const patched = await api.PATCH("/api/p/v1/customers/{id}", {
    params: { path: { id: first.Id }, header: { "If-Match": customer.ETag } },
    body: { BillingAddress: { City: "Troy" }, Fax: null },
  });
  if (patched.error) return [say(patched.error)];
  seen.push(`${patched.data.ETag} ${patched.data.Status}`);

  const page = await api.POST("/api/p/v1/customers/search", {
    body: { page: 0, pageSize: 100, statuses: ["Active", "Inactive"], createdDateRange: { start: "2024-11-01T00:00:00Z" } },
  });
  if (page.error) return [say(page.error)];
  for (const item of page.data.Items) seen.push(`${item.Id} ${item.ETag} ${item.DateModified}`);
  seen.push(`${page.data.Page} ${page.data.PageSize} ${page.data.Total}`);

  const looked = await api.POST("/api/p/v1/customers/lookup", { body: { ExternalIds: ["crm-1001", "crm-9999"] } });
  if (looked.error) return [say(looked.error)];
  for (const item of looked.data.Items) {
    const status: 200 | 404 = item.Status;
    seen.push(item.Customer ? `${item.Key} ${status} ${item.Customer.Id} ${item.Customer.ETag}` : `${item.Key} ${status}`);
  }

  const upserted = await api.PATCH("/api/p/v1/customers/external/{externalId}", {
    params: { path: { externalId: "crm-2002" }, header: { "If-None-Match": "*" } },
    body: { Name: "Beta Freight", Type: "Broker/3PL" },
  });
  if (upserted.data) seen.push(`${upserted.response.status} ${upserted.data.Id} ${upserted.data.ETag}`);

  const batch = await api.POST("/api/p/v1/customers/external/batch", {
    body: { Items: [{ ExternalId: "crm-3001", Name: "Gamma Carriers", Type: "Customer" }, { ExternalId: "crm-3002", Fax: "555-0300" }] },
  });
  if (batch.error) return [say(batch.error)];
  for (const item of batch.data.Items) {
    const outcome: 200 | 201 | 400 | 403 | 409 = item.Status;
    seen.push(item.Problem ? `${item.ExternalId} ${outcome} ${say(item.Problem)}` : `${item.ExternalId} ${outcome} ${item.Id ?? ""} ${item.ETag ?? ""}`);
  }

  let cursor: string | undefined;
  for (;;) {
    const changes = await api.GET("/api/p/v1/customers/changes", { params: { query: { cursor, pageSize: 100 } } });
    if (changes.error) return [say(changes.error)];
    for (const item of changes.data.Items) seen.push(`${item.Id} ${item.Status} ${item.ETag} ${item.DateModified}`);
    cursor = changes.data.Cursor;
    if (!changes.data.HasMore) break;
  }
  const now = await api.GET("/api/p/v1/customers/changes", { params: { query: { from: "now" } } });
  if (now.data) seen.push(now.data.Cursor);
  const changesHead = await api.HEAD("/api/p/v1/customers/changes", { params: { query: { cursor } } });
  seen.push(String(changesHead.response.status));

  const deleted = await api.DELETE("/api/p/v1/customers/{id}", { params: { path: { id: first.Id }, header: { "If-Match": patched.data.ETag } } });
  if (deleted.error) return [say(deleted.error)];
  seen.push(`${deleted.response.status} ${deleted.response.headers.get("ETag") ?? ""}`);

  // Webhooks: subscribe, keep the secret from the one answer that shows it, follow verification, rotate, unsubscribe.
  const hook = await api.POST("/api/p/v1/webhooks", {
    body: { Name: "ERP sync", Url: "https://hooks.partner.example/alvys", Events: ["customer.created", "customer.updated"], IncludePreviousAttributes: true },
  });
  if (hook.error) return [say(hook.error), ...Object.keys(hook.error.errors ?? {})];
  const secret: string = hook.data.Secret;
  const events: Event[] = hook.data.Events;
  seen.push(`${hook.data.Id} ${hook.data.Status} ${secret.length} ${events.join(",")}`);
  const subscribed = await api.GET("/api/p/v1/webhooks/{id}", { params: { path: { id: hook.data.Id } } });
  if (subscribed.error) return [say(subscribed.error)];
  const reason: Webhook["StatusReason"] = subscribed.data.StatusReason;
  seen.push(`${subscribed.data.Status} ${reason ?? "-"} ${subscribed.data.ETag}`);
  const hooks = await api.GET("/api/p/v1/webhooks");
  if (hooks.data) for (const listed of hooks.data.Items) seen.push(`${listed.Id} ${listed.Url}`);
  const retried = await api.PATCH("/api/p/v1/webhooks/{id}", {
    params: { path: { id: hook.data.Id }, header: { "If-Match": subscribed.data.ETag } },
    body: { Status: "Active", IncludePreviousAttributes: null },
  });
  if (retried.error) return [say(retried.error)];
  const rotated = await api.POST("/api/p/v1/webhooks/{id}/secret", { params: { path: { id: hook.data.Id } } });
  if (rotated.error) return [say(rotated.error)];
  seen.push(`${rotated.data.Secret !== secret} ${rotated.data.ETag}`);
  const ping = await api.POST("/api/p/v1/webhooks/{id}/test", { params: { path: { id: hook.data.Id } } });
  if (ping.data) seen.push(`${ping.data.EventType} ${ping.data.CustomerId ?? "no customer"}`);
  // The delivery log, a page at a time, and one event sent again.
  let logCursor: string | undefined;
  do {
    const query: { pageSize: number; cursor?: string } = logCursor === undefined ? { pageSize: 50 } : { pageSize: 50, cursor: logCursor };
    const page = await api.GET("/api/p/v1/webhooks/{id}/deliveries", { params: { path: { id: hook.data.Id }, query } });
    if (page.error) return [say(page.error)];
    for (const delivery of page.data.Items) {
      const state: Delivery["State"] = delivery.State;
      const last = delivery.Attempts.at(-1);
      seen.push(`${delivery.EventId} ${delivery.EventType} ${state} ${last?.StatusCode ?? last?.Error ?? "-"} ${delivery.NextAttemptAt ?? "-"}`);
      if (state === "Failed") {
        const again = await api.POST("/api/p/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", { params: { path: { id: hook.data.Id, deliveryId: delivery.Id } } });
        if (again.data) seen.push(`${again.data.Id} ${again.data.State}`);
      }
    }
    logCursor = page.data.HasMore ? page.data.Cursor ?? undefined : undefined;
  } while (logCursor);
  const unsubscribed = await api.DELETE("/api/p/v1/webhooks/{id}", { params: { path: { id: hook.data.Id }, header: { "If-Match": rotated.data.ETag } } });
  seen.push(String(unsubscribed.response.status));
  return seen;
}

type Event = components["schemas"]["CustomerEventType"];
type Webhook = components["schemas"]["WebhookResponse"];
type Delivery = components["schemas"]["DeliveryResponse"];
