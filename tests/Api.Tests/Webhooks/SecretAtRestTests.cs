using System.Text;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.Api.Tests.Webhooks;

/// <summary>The signing secret at rest: never in clear text in the store, and readable by every replica of the database.</summary>
[Collection(WebhooksApi.Collection)]
public sealed class SecretAtRestTests(WebhooksApi webhooks)
{
    [Fact]
    public async Task TheStoredDocument_HoldsNoSecretInClearText_AndAnotherReplicaSignsWithTheSameOne()
    {
        var tenant = ApiFactory.NewTenant();
        var client = webhooks.Manager(tenant);
        var created = await WebhooksApi.CreateAsync(client, new { Name = "At rest", Url = webhooks.Receiver.NewEndpoint(), Events = new[] { "customer.updated" } });
        var id = created.GetProperty("Id").GetString()!;
        var secret = created.GetProperty("Secret").GetString()!;
        await WebhooksApi.SettledAsync(client, id);
        var rotated = (await (await client.PostAsync($"{WebhooksApi.WebhooksPath}/{id}/secret", null)).ReadJsonAsync()).GetProperty("Secret").GetString()!;

        var container = webhooks.Api.Services.GetRequiredService<WebhookContainer>().Container;
        using var raw = await container.ReadItemStreamAsync(id, new PartitionKey(tenant));
        var stored = Encoding.UTF8.GetString(((MemoryStream)raw.Content).ToArray());
        Assert.Contains("protectedSecret", stored, StringComparison.Ordinal);
        // Neither secret, nor the random part of either, is anywhere in the document.
        foreach (var clear in new[] { secret, rotated })
        {
            Assert.DoesNotContain(clear[WebhookSecret.Prefix.Length..], stored, StringComparison.Ordinal);
        }

        // Another replica on the same database (its own process state, the shared key ring) reads both secrets back.
        await using var replica = new ApiFactory();
        _ = replica.CreateClient();
        var read = await replica.Services.GetRequiredService<IWebhookRepository>()
            .FindAsync(TenantId.From(tenant), WebhookId.TryParse(id, out var parsed) ? parsed : default, CancellationToken.None);
        Assert.Equal(rotated, read!.Webhook.Secret.Value);
        Assert.Equal(secret, read.Webhook.SecondSecretAt(DateTimeOffset.UtcNow)!.Value);
    }
}
