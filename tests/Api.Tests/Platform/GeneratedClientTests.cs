using Alvys.Customers.Api.Security;
using Alvys.Customers.Api.Tests.GeneratedClient;
using Alvys.Customers.Api.Tests.Infrastructure;

namespace Alvys.Customers.Api.Tests.Platform;

/// <summary>
/// The API driven by the C# client NSwag generates from docs/openapi/v1.json at build time, unedited, as a partner
/// would generate it: if any step needs a hand-written request or a hand edit of the client, the document is wrong.
/// </summary>
[Collection(ApiHosts.PlatformApi)]
public sealed class GeneratedClientTests(ApiFactory api)
{
    private static string ETagOf(SwaggerResponse response) => Assert.Single(response.Headers["ETag"]);

    [Fact]
    public async Task GeneratedClient_CreatesReadsSearchesPatchesDeletesAndRestores()
    {
        var tenant = ApiFactory.NewTenant();
        var customers = new CustomersClient(api.ClientFor(tenant, [.. CustomerScopes.All]));
        var companyNumber = HttpHelpers.Unique("GEN");
        var externalId = HttpHelpers.Unique("erp/gen");

        // Create: 201 with the customer, its ETag and its Location.
        var created = await customers.CreateAsync(idempotency_Key: null, new NewCustomer
        {
            Name = "Generated Freight",
            Type = CustomerType.Broker_3PL,
            CompanyNumber = companyNumber,
            ExternalId = externalId,
            BillingAddress = new AddressPatch { Street = "1 Dock St", City = "Tulsa", State = "OK", Zip = "74101" },
            Email = ["ops@generated.example"],
        }, CancellationToken.None);
        Assert.Equal(201, created.StatusCode);
        Assert.Equal(CustomerType.Broker_3PL, created.Result.Type);
        Assert.Equal(CustomerStatus.Active, created.Result.Status);
        Assert.Equal("74101", created.Result.BillingAddress?.ZipCode);
        Assert.True(created.Result.DateCreated > DateTimeOffset.UtcNow.AddMinutes(-5));
        var id = created.Result.Id;
        Assert.Equal(created.Result.ETag, ETagOf(created));
        Assert.EndsWith("/api/p/v1/customers/" + id, Assert.Single(created.Headers["Location"]), StringComparison.Ordinal);

        // Read by id, by CompanyNumber, by ExternalId: the same customer and version each time.
        var byId = await customers.GetByIdAsync(id, fields: null, if_None_Match: null, CancellationToken.None);
        Assert.Equal("Generated Freight", byId.Result.Name);
        Assert.Equal(created.Result.ETag, ETagOf(byId));
        var byCompanyNumber = await customers.FindAsync(id: null, companyNumber: companyNumber.ToLowerInvariant(), externalId: null, fields: null, if_None_Match: null, CancellationToken.None);
        Assert.Equal(id, byCompanyNumber.Result.Id);
        var byExternalId = await customers.FindAsync(id: null, companyNumber: null, externalId: externalId, fields: null, if_None_Match: null, CancellationToken.None);
        Assert.Equal(id, byExternalId.Result.Id);
        Assert.Contains(externalId, byExternalId.Result.ExternalIds!);

        // A selection of members: the client sends them as one comma-separated value and reads the rest as absent.
        var selected = await customers.GetByIdAsync(id, fields: [CustomerField.Name, CustomerField.BillingAddress], if_None_Match: null, CancellationToken.None);
        Assert.Equal(new { Id = id, Name = (string?)"Generated Freight", Zip = (string?)"74101", ETag = created.Result.ETag },
            new { selected.Result.Id, selected.Result.Name, Zip = selected.Result.BillingAddress?.ZipCode, selected.Result.ETag });
        Assert.Null(selected.Result.CompanyNumber);
        Assert.Null(selected.Result.ExternalIds);
        Assert.Null(selected.Result.DateCreated);

        // Search: the tenant's only customer.
        var found = await customers.SearchAsync(fields: null, new SearchCustomersCriteria { Page = 0, PageSize = 10, Statuses = [CustomerStatus.Active] }, CancellationToken.None);
        Assert.Equal(1, found.Result.Total);
        Assert.Equal(id, Assert.Single(found.Result.Items).Id);

        // Merge patch with If-Match: only the members sent change.
        var patched = await customers.UpdateAsync(id, ETagOf(byId), new CustomerPatch { Fax = "+1 918 555 0100" }, CancellationToken.None);
        Assert.Equal(200, patched.StatusCode);
        Assert.Equal("+1 918 555 0100", patched.Result.Fax);
        Assert.Equal("Generated Freight", patched.Result.Name);
        Assert.Equal(companyNumber, patched.Result.CompanyNumber);
        Assert.NotEqual(ETagOf(byId), ETagOf(patched));

        // The tag read before the patch is stale now: 412 as a typed problem, and nothing is written.
        var stale = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            customers.UpdateAsync(id, ETagOf(byId), new CustomerPatch { Fax = "+1 918 555 0199" }, CancellationToken.None));
        Assert.Equal(412, stale.StatusCode);
        Assert.Equal(412, stale.Result.Status);
        var afterStale = await customers.GetByIdAsync(id, fields: null, if_None_Match: null, CancellationToken.None);
        Assert.Equal("+1 918 555 0100", afterStale.Result.Fax);
        Assert.Equal(ETagOf(patched), ETagOf(afterStale));

        // Soft delete: 204 with the new version's tag; the record stays readable, Inactive.
        var deleted = await customers.DeleteAsync(id, ETagOf(patched), CancellationToken.None);
        Assert.Equal(204, deleted.StatusCode);
        var inactive = await customers.GetByIdAsync(id, fields: null, if_None_Match: null, CancellationToken.None);
        Assert.Equal(CustomerStatus.Inactive, inactive.Result.Status);
        Assert.Equal(ETagOf(deleted), ETagOf(inactive));

        // Restore: a merge patch back to Active.
        var restored = await customers.UpdateAsync(id, ETagOf(inactive), new CustomerPatch { Status = CustomerStatus.Active }, CancellationToken.None);
        Assert.Equal(CustomerStatus.Active, restored.Result.Status);
        Assert.Equal("+1 918 555 0100", restored.Result.Fax);
        var active = await customers.SearchAsync(fields: null, new SearchCustomersCriteria { Page = 0, PageSize = 10, Statuses = [CustomerStatus.Active] }, CancellationToken.None);
        Assert.Equal(id, Assert.Single(active.Result.Items).Id);
    }

    [Fact]
    public async Task GeneratedClient_UpsertsByExternalId_AndReadsTheChangesFeed()
    {
        var tenant = ApiFactory.NewTenant();
        var customers = new CustomersClient(api.ClientFor(tenant, [.. CustomerScopes.All]));
        var externalId = HttpHelpers.Unique("crm/upsert");

        var start = await customers.ChangesAsync(cursor: null, from: From.Now, pageSize: null, fields: null, CancellationToken.None);
        var upserted = await customers.UpsertAsync(externalId, if_Match: null, if_None_Match: null,
            new CustomerPatch { Name = "Upserted Lines", Type = CustomerType.Customer }, CancellationToken.None);
        Assert.Equal(201, upserted.StatusCode);
        var again = await customers.UpsertAsync(externalId, if_Match: ETagOf(upserted), if_None_Match: null, new CustomerPatch { Fax = "555" }, CancellationToken.None);
        Assert.Equal(200, again.StatusCode);
        Assert.Equal(upserted.Result.Id, again.Result.Id);

        var looked = await customers.LookupAsync(fields: null, new LookupRequest { ExternalIds = [externalId.ToUpperInvariant(), "crm/missing"] }, CancellationToken.None);
        Assert.Equal([LookupItemStatus._200, LookupItemStatus._404], looked.Result.Items.Select(item => item.Status));
        Assert.Equal(again.Result.Id, looked.Result.Items.First().Customer!.Id);

        var batch = await customers.UpsertBatchAsync(new BatchUpsertRequest
        {
            Items = [new CustomerPatch { ExternalId = HttpHelpers.Unique("crm/b"), Name = "Batch One", Type = CustomerType.Customer }, new CustomerPatch { ExternalId = externalId, Fax = "556" }],
        }, CancellationToken.None);
        Assert.Equal([BatchItemResultStatus._201, BatchItemResultStatus._200], batch.Result.Items.Select(item => item.Status));

        var changes = await customers.ChangesAsync(start.Result.Cursor, from: null, pageSize: 100, fields: null, CancellationToken.None);
        Assert.Equal(2, changes.Result.Items.Count);
        Assert.Contains(changes.Result.Items, item => item.Id == upserted.Result.Id && item.Fax == "556");
    }
}
