using System.Net;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

[Collection(ApiHosts.CustomersApi)]
public sealed class DeleteCustomerTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => api.ClientFor(_tenant, "customer:create", "customer:read", "customer:update", "customer:delete");

    [Fact]
    public async Task Delete_Is204WithTheETagOfTheInactiveVersion_AndTheRecordStaysReadable()
    {
        var number = Unique("Del");
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Doomed"), Type = "Customer", CompanyNumber = number });

        var response = await Client.DeleteAsync(id, etag);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var newETag = response.Headers.ETag!.Tag;
        Assert.NotEqual(etag, newETag);
        var read = await Client.GetAsync($"{CustomersPath}?companyNumber={number}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(newETag, read.Headers.ETag!.Tag);
        Assert.Equal("Inactive", (await read.ReadJsonAsync()).GetProperty("Status").GetString());
    }

    [Fact]
    public async Task Delete_OfAnInactiveCustomer_Is204WithoutAWrite()
    {
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Twice"), Type = "Customer" });
        var first = await Client.DeleteAsync(id, etag);

        var second = await Client.DeleteAsync(id, first.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(first.Headers.ETag.Tag, second.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Delete_WithoutIfMatch_Is428_AndWithAStaleOne_Is412()
    {
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Guarded"), Type = "Customer" });
        var patched = await Client.PatchAsync(id, new { Fax = "1" }, etag);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        await (await Client.DeleteAsync(id, ifMatch: null)).AssertProblemAsync(HttpStatusCode.PreconditionRequired, "PreconditionRequired");
        await (await Client.DeleteAsync(id, etag)).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal("Active", (await (await Client.GetAsync($"{CustomersPath}/{id}")).ReadJsonAsync()).GetProperty("Status").GetString());
    }

    [Fact]
    public async Task Delete_WithIfMatchAny_Deletes()
    {
        var (id, _) = await Client.CreateAsync(new { Name = Unique("Any"), Type = "Customer" });

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync(id, "*")).StatusCode);
    }

    [Fact]
    public async Task Delete_UnknownOrForeignCustomer_Is404()
    {
        var (foreignId, _) = await api.ClientFor(ApiFactory.NewTenant(), "customer:create").CreateAsync(new { Name = Unique("Foreign"), Type = "Customer" });

        await (await Client.DeleteAsync("0123456789abcdef0123456789abcdef", "*")).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await (await Client.DeleteAsync(foreignId, "*")).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await (await Client.DeleteAsync("not-an-id", "*")).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task Delete_WithoutDeleteScope_Is403()
    {
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Scoped"), Type = "Customer" });

        var response = await api.ClientFor(_tenant, "customer:read", "customer:update").DeleteAsync(id, etag);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
    }
}
