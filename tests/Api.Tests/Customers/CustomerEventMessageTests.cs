using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Customers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

/// <summary>
/// The body a webhook delivery carries, built from a stored customer's recorded writes and written with the API's own
/// JSON options: the contract's envelope, <c>data</c> equal to GET's answer, and <c>diff.previousAttributes</c> holding
/// exactly the changed fields as GET answered them before the write.
/// </summary>
[Collection(ApiHosts.CustomersApi)]
public sealed class CustomerEventMessageTests(ApiFactory api)
{
    [Fact]
    public async Task EachRecordedWrite_IsTheContractsEnvelope_WithThePreviousAttributesOfWhatItChanged()
    {
        var tenant = ApiFactory.NewTenant();
        var client = api.ClientFor(tenant, "customer:read", "customer:create", "customer:update", "customer:delete");
        var (id, etag) = await client.CreateAsync(new
        {
            Name = "Envelope Co", Type = "Broker/3PL", Fax = "555-0100", ExternalId = "ERP-ENV-1",
            BillingAddress = new { Street = "1 Main St", City = "Austin", State = "TX", Zip = "73301" },
        });
        var asCreated = await ReadAsync(client, id);
        var patched = await client.PatchAsync(id, new { Name = "Envelope Company", Fax = (string?)null, ExternalId = "ERP-ENV-2", BillingAddress = new { City = "Dallas" } }, etag);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(id, patched.Headers.ETag!.Tag)).StatusCode);
        var current = await ReadAsync(client, id);

        Assert.True(CustomerId.TryParse(id, out var customerId));
        var stored = await api.Services.GetRequiredService<ICustomerRepository>().FindByIdAsync(TenantId.From(tenant), customerId, CancellationToken.None);
        var messages = stored!.Customer.RecordedEvents.Select(e => Written(CustomerEventMessage.For(stored, e, includePreviousAttributes: true))).ToArray();

        Assert.Equal(["customer.created", "customer.updated", "customer.deleted"], messages.Select(m => m.GetProperty("type").GetString()));
        for (var i = 0; i < messages.Length; i++)
        {
            var message = messages[i];
            Assert.Equal(i == 0 ? ["id", "type", "timestamp", "version", "sequence", "data"] : ["id", "type", "timestamp", "version", "sequence", "data", "diff"],
                message.EnumerateObject().Select(m => m.Name));
            Assert.Equal($"{id}.{i + 1}", message.GetProperty("id").GetString());
            Assert.Equal(i + 1, message.GetProperty("sequence").GetInt64());
            Assert.Equal("v1", message.GetProperty("version").GetString());
            // data: the customer as it is now, exactly as GET answers it.
            Assert.True(JsonElement.DeepEquals(current, message.GetProperty("data")), message.GetProperty("data").ToString());
        }

        Assert.Equal(asCreated.GetProperty("DateCreated").GetString(), messages[0].GetProperty("timestamp").GetString());
        Assert.Equal(current.GetProperty("DateModified").GetString(), messages[2].GetProperty("timestamp").GetString());
        var beforePatch = messages[1].GetProperty("diff").GetProperty("previousAttributes");
        Assert.Equal(["Name", "BillingAddress", "Fax", "ExternalIds"], beforePatch.EnumerateObject().Select(m => m.Name));
        foreach (var member in beforePatch.EnumerateObject())
        {
            Assert.True(JsonElement.DeepEquals(asCreated.GetProperty(member.Name), member.Value), member.Name);
        }

        var beforeDelete = messages[2].GetProperty("diff").GetProperty("previousAttributes");
        Assert.Equal("""{"Status":"Active"}""", beforeDelete.GetRawText());
        Assert.False(Written(CustomerEventMessage.For(stored, stored.Customer.RecordedEvents[1], includePreviousAttributes: false)).TryGetProperty("diff", out _));
    }

    /// <summary>The message as the API's JSON options write it.</summary>
    private JsonElement Written(CustomerEventMessage message)
    {
        var options = api.Services.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        return JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(message, options)).RootElement;
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"{CustomersPath}/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
