using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Alvys.Customers.Infrastructure.Cosmos;
using Alvys.Customers.Infrastructure.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.Api.Tests.Webhooks;

/// <summary>The webhooks store against the real local server: versions, tenant isolation and the limit per tenant under racing creates.</summary>
[Collection(ApiHosts.CustomersApi)]
public sealed class WebhookStoreTests(ApiFactory api)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private IWebhookRepository Store => api.Services.GetRequiredService<IWebhookRepository>();

    private static Webhook New(TenantId tenant, string name = "ERP sync") =>
        Webhook.Create(tenant, name, WebhookUrl.Create("https://hooks.partner.example/alvys", allowLoopback: false).Value,
            [CustomerEventType.Created, CustomerEventType.Updated], includePreviousAttributes: true, Now).Value;

    [Fact]
    public async Task AStoredWebhook_ReadsBackAsWritten_AndEveryWriteIsConditional()
    {
        var tenant = TenantId.From(ApiFactory.NewTenant());
        var webhook = New(tenant);

        var added = await Store.AddAsync(webhook, CancellationToken.None);
        var read = await Store.FindAsync(tenant, webhook.Id, CancellationToken.None);

        Assert.NotNull(added);
        Assert.Equal(added.ETag, read!.ETag);
        var stored = read.Webhook;
        Assert.Equal((webhook.Name, webhook.Url, webhook.Status, webhook.Secret, webhook.IncludePreviousAttributes, webhook.DateCreated),
            (stored.Name, stored.Url, stored.Status, stored.Secret, stored.IncludePreviousAttributes, stored.DateCreated));
        Assert.True(webhook.Events.SetEquals(stored.Events));

        stored.Verified(echoed: true, Now.AddSeconds(1));
        var replaced = await Store.ReplaceAsync(stored, read.ETag, CancellationToken.None);
        Assert.NotNull(replaced);
        Assert.NotEqual(read.ETag, replaced.ETag);
        // The version the first writer replaced is gone: a second writer holding it loses, and nothing it sent is stored.
        var stale = (await Store.FindAsync(tenant, webhook.Id, CancellationToken.None))!.Webhook;
        Assert.True(stale.Rename("Other", Now.AddSeconds(2)).IsSuccess);
        Assert.Null(await Store.ReplaceAsync(stale, read.ETag, CancellationToken.None));
        Assert.Equal(WebhookStatus.Active, (await Store.FindAsync(tenant, webhook.Id, CancellationToken.None))!.Webhook.Status);
        Assert.Equal("ERP sync", (await Store.FindAsync(tenant, webhook.Id, CancellationToken.None))!.Webhook.Name);

        Assert.Equal(WebhookRemoval.PreconditionFailed, await Store.RemoveAsync(tenant, webhook.Id, read.ETag, CancellationToken.None));
        Assert.Equal(WebhookRemoval.Removed, await Store.RemoveAsync(tenant, webhook.Id, replaced.ETag, CancellationToken.None));
        Assert.Equal(WebhookRemoval.NotFound, await Store.RemoveAsync(tenant, webhook.Id, null, CancellationToken.None));
        Assert.Null(await Store.FindAsync(tenant, webhook.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ARecentRead_SeesThisReplicasWritesAtOnce_AndAnotherReplicasWithinASecond()
    {
        var tenant = TenantId.From(ApiFactory.NewTenant());
        var webhook = New(tenant);
        await Store.AddAsync(webhook, CancellationToken.None);
        // Another replica: a store of its own over the same container.
        var other = new CosmosWebhookRepository(
            api.Services.GetRequiredService<WebhookContainer>(), api.Services.GetRequiredService<ISecretProtection>());
        Assert.Equal(WebhookStatus.Pending, (await Store.FindRecentAsync(tenant, webhook.Id, CancellationToken.None))!.Status);

        // This replica's write is answered by the very next recent read.
        var read = (await Store.FindAsync(tenant, webhook.Id, CancellationToken.None))!;
        read.Webhook.Verified(echoed: true, Now.AddSeconds(1));
        Assert.NotNull(await Store.ReplaceAsync(read.Webhook, read.ETag, CancellationToken.None));
        var sinceRead = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(WebhookStatus.Active, (await Store.FindRecentAsync(tenant, webhook.Id, CancellationToken.None))!.Status);

        // Another replica's write: the version read within the last second may still answer, a newer read after it.
        var theirs = (await other.FindAsync(tenant, webhook.Id, CancellationToken.None))!;
        Assert.True(theirs.Webhook.Rename("Renamed elsewhere", Now.AddSeconds(2)).IsSuccess);
        Assert.NotNull(await other.ReplaceAsync(theirs.Webhook, theirs.ETag, CancellationToken.None));
        var soon = (await Store.FindRecentAsync(tenant, webhook.Id, CancellationToken.None))!;
        Assert.True(soon.Name == "ERP sync" || sinceRead.Elapsed >= TimeSpan.FromSeconds(1), $"read again after {sinceRead.Elapsed}");
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        Assert.Equal("Renamed elsewhere", (await Store.FindRecentAsync(tenant, webhook.Id, CancellationToken.None))!.Name);

        // A delete through this replica: gone at once.
        Assert.Equal(WebhookRemoval.Removed, await Store.RemoveAsync(tenant, webhook.Id, null, CancellationToken.None));
        Assert.Null(await Store.FindRecentAsync(tenant, webhook.Id, CancellationToken.None));
    }

    [Fact]
    public async Task AnotherTenantsWebhook_IsNeverFound()
    {
        var owner = TenantId.From(ApiFactory.NewTenant());
        var other = TenantId.From(ApiFactory.NewTenant());
        var webhook = New(owner);
        await Store.AddAsync(webhook, CancellationToken.None);

        Assert.Null(await Store.FindAsync(other, webhook.Id, CancellationToken.None));
        Assert.Empty(await Store.ListAsync(other, CancellationToken.None));
        Assert.Equal(WebhookRemoval.NotFound, await Store.RemoveAsync(other, webhook.Id, null, CancellationToken.None));
        Assert.NotNull(await Store.FindAsync(owner, webhook.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RacingCreates_StoreExactlyTheLimit_AndADeleteFreesAPlace()
    {
        var tenant = TenantId.From(ApiFactory.NewTenant());
        var webhooks = Enumerable.Range(0, Webhook.MaxPerTenant + 6).Select(i => New(tenant, $"racer {i}")).ToArray();

        var results = await Task.WhenAll(webhooks.Select(w => Task.Run(() => Store.AddAsync(w, CancellationToken.None))));

        Assert.Equal(Webhook.MaxPerTenant, results.Count(r => r is not null));
        var listed = await Store.ListAsync(tenant, CancellationToken.None);
        Assert.Equal(results.Where(r => r is not null).Select(r => r!.Webhook.Id.Value).Order(StringComparer.Ordinal), listed.Select(l => l.Webhook.Id.Value).Order(StringComparer.Ordinal));
        Assert.Null(await Store.AddAsync(New(tenant, "one too many"), CancellationToken.None));

        var removed = listed[3];
        Assert.Equal(WebhookRemoval.Removed, await Store.RemoveAsync(tenant, removed.Webhook.Id, removed.ETag, CancellationToken.None));
        Assert.NotNull(await Store.AddAsync(New(tenant, "in the freed place"), CancellationToken.None));
        Assert.Null(await Store.AddAsync(New(tenant, "full again"), CancellationToken.None));
    }
}
