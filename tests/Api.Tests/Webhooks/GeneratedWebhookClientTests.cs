using Alvys.Customers.Api.Security;
using Alvys.Customers.Api.Tests.GeneratedClient;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Webhooks;

/// <summary>The webhook operations driven by the client NSwag generates from docs/openapi/v1.json, unedited.</summary>
[Collection(WebhooksApi.Collection)]
public sealed class GeneratedWebhookClientTests(WebhooksApi webhooks)
{
    private static string ETagOf(SwaggerResponse response) => Assert.Single(response.Headers["ETag"]);

    [Fact]
    public async Task GeneratedClient_CreatesListsReadsPatchesRotatesAndDeletesAWebhook()
    {
        var tenant = ApiFactory.NewTenant();
        var client = new CustomersClient(webhooks.Api.ClientFor(tenant, WebhookScopes.Read, WebhookScopes.Manage));
        var url = webhooks.Receiver.NewEndpoint();

        var created = await client.CreateWebhookAsync(new NewWebhook
        {
            Name = "Generated sync",
            Url = url,
            Events = [CustomerEventType.Customer_created, CustomerEventType.Customer_deleted],
        }, CancellationToken.None);
        Assert.Equal(201, created.StatusCode);
        Assert.Equal(WebhookStatus.Pending, created.Result.Status);
        Assert.False(created.Result.IncludePreviousAttributes);
        Assert.StartsWith("whsec_", created.Result.Secret, StringComparison.Ordinal);
        Assert.Equal(created.Result.ETag, ETagOf(created));
        var id = created.Result.Id;
        Assert.EndsWith("/api/p/v1/webhooks/" + id, Assert.Single(created.Headers["Location"]), StringComparison.Ordinal);

        await WebhooksApi.SettledAsync(webhooks.Api.ClientFor(tenant, WebhookScopes.Read), id);
        var read = await client.GetWebhookAsync(id, CancellationToken.None);
        Assert.Equal(WebhookStatus.Active, read.Result.Status);
        Assert.Null(read.Result.StatusReason);
        Assert.Equal([CustomerEventType.Customer_created, CustomerEventType.Customer_deleted], read.Result.Events);
        Assert.Equal(id, Assert.Single((await client.ListWebhooksAsync(CancellationToken.None)).Result.Items).Id);

        var patched = await client.UpdateWebhookAsync(id, ETagOf(read), new WebhookPatch { Name = "Generated sync (prod)", IncludePreviousAttributes = true }, CancellationToken.None);
        Assert.Equal(("Generated sync (prod)", true, WebhookStatus.Active), (patched.Result.Name, patched.Result.IncludePreviousAttributes, patched.Result.Status));
        var stale = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            client.UpdateWebhookAsync(id, ETagOf(read), new WebhookPatch { Status = WebhookStatus.Disabled }, CancellationToken.None));
        Assert.Equal(412, stale.StatusCode);

        // A customer created now is delivered; the log shows it through the generated types, and it can be sent again.
        var customer = await webhooks.Api.ClientFor(tenant, "customer:create").CreateAsync(new { Name = "Generated Co", Type = "Customer" });
        DeliveryResponse? delivered = null;
        for (var wait = 0; wait < 200 && delivered is null; wait++)
        {
            var log = await client.ListWebhookDeliveriesAsync(id, null, 20, CancellationToken.None);
            delivered = log.Result.Items.FirstOrDefault(d => d.State == DeliveryState.Delivered);
            Assert.False(log.Result.HasMore);
            Assert.Null(log.Result.Cursor);
            await Task.Delay(delivered is null ? 100 : 0);
        }

        Assert.NotNull(delivered);
        Assert.Equal((customer.Id + ".1", customer.Id, "customer.created"), (delivered.EventId, delivered.CustomerId, delivered.EventType));
        Assert.Equal(200, Assert.Single(delivered.Attempts).StatusCode);
        var again = await client.RedeliverWebhookDeliveryAsync(id, delivered.Id, CancellationToken.None);
        Assert.Equal((202, DeliveryState.Pending, delivered.EventId), (again.StatusCode, again.Result.State, again.Result.EventId));

        var rotated = await client.RotateWebhookSecretAsync(id, CancellationToken.None);
        Assert.NotEqual(created.Result.Secret, rotated.Result.Secret);

        Assert.Equal(204, (await client.DeleteWebhookAsync(id, ETagOf(rotated), CancellationToken.None)).StatusCode);
        var gone = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => client.GetWebhookAsync(id, CancellationToken.None));
        Assert.Equal(404, gone.StatusCode);
    }
}
