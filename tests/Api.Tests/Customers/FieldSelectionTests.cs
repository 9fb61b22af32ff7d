using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;
using Microsoft.Extensions.DependencyInjection;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

/// <summary>
/// <c>fields=</c> on every read: the members named (in any letter case) and always Id and ETag, each with the value a
/// whole read gives it; a name that is no member is a 400 listing the names there are.
/// </summary>
[Collection(ApiHosts.CustomersApi)]
public sealed class FieldSelectionTests(ApiFactory api)
{
    /// <summary>Every member of a customer as read, in the order it is written.</summary>
    private static readonly string[] Members =
    [
        "Id", "Name", "CompanyNumber", "Type", "Status", "BillingAddress", "Email", "Phone", "Fax", "DateCreated",
        "InvoicingInformation", "ExternalIds", "Contacts", "Notes", "ETag", "DateModified",
    ];

    private static readonly object SearchAll = new { page = 0, pageSize = 100, statuses = new[] { "Active", "Inactive" } };

    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Writer => api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update");

    private HttpClient Reader => api.ClientFor(_tenant, "customer:read");

    /// <summary>A customer with every writable member given, and its whole representation as a GET reads it.</summary>
    private async Task<JsonElement> CreateFullAsync()
    {
        var (id, _) = await Writer.CreateAsync(new
        {
            Name = Unique("Selected"), Type = "Broker/3PL", CompanyNumber = Unique("FS"), Status = "Active",
            BillingAddress = new { Street = "1 Main St", City = "Dallas", State = "TX", ZipCode = "75201" },
            Email = new[] { "ap@example.com", "ops@example.com" }, Phone = new[] { "+1 214 555 0100" }, Fax = "+1 214 555 0199",
            ExternalId = Unique("crm"),
        });
        return await (await Reader.GetAsync($"{CustomersPath}/{id}")).ReadJsonAsync();
    }

    private static string[] MembersOf(JsonElement customer) => [.. customer.EnumerateObject().Select(member => member.Name)];

    /// <summary>The answer carries exactly the members selected and Id and ETag, in the order of a whole read, each as a whole read has it.</summary>
    private static void AssertSelected(JsonElement whole, JsonElement selected, params string[] named)
    {
        var expected = Members.Where(member => member is "Id" or "ETag" || named.Contains(member, StringComparer.OrdinalIgnoreCase)).ToArray();
        Assert.Equal(expected, MembersOf(selected));
        foreach (var member in expected)
        {
            Assert.Equal(whole.GetProperty(member).GetRawText(), selected.GetProperty(member).GetRawText());
        }
    }

    [Fact]
    public async Task GetById_AnswersTheMembersNamed_InAnyLetterCase()
    {
        var whole = await CreateFullAsync();
        var id = whole.GetProperty("Id").GetString();

        var response = await Reader.GetAsync($"{CustomersPath}/{id}?fields=name,PHONE, BillingAddress ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(whole.GetProperty("ETag").GetString(), response.Headers.ETag!.Tag);
        AssertSelected(whole, await response.ReadJsonAsync(), "Name", "Phone", "BillingAddress");
    }

    [Fact]
    public async Task EveryMember_AloneOrAll_IsProjectedAsAWholeReadHasIt_ByEveryRead()
    {
        var whole = await CreateFullAsync();
        var id = whole.GetProperty("Id").GetString();
        var companyNumber = whole.GetProperty("CompanyNumber").GetString();
        var externalId = whole.GetProperty("ExternalIds")[0].GetString();

        foreach (var selection in Members.Select(member => new[] { member }).Append(Members))
        {
            var fields = string.Join(",", selection);
            var byCompanyNumber = await (await Reader.GetAsync($"{CustomersPath}?companyNumber={Uri.EscapeDataString(companyNumber!)}&fields={fields}")).ReadJsonAsync();
            var byExternalId = await (await Reader.GetAsync($"{CustomersPath}?externalId={Uri.EscapeDataString(externalId!)}&fields={fields}")).ReadJsonAsync();
            var searched = await ItemsOfAsync(await Reader.PostAsync($"{CustomersPath}/search?fields={fields}", JsonBody(SearchAll)));
            var lookedUp = await ItemsOfAsync(await Reader.PostAsync($"{CustomersPath}/lookup?fields={fields}", JsonBody(new { Ids = new[] { id } })));
            // Looked up by a key the selection leaves out: the key is still matched, and still not answered.
            var byCompanyNumbers = await ItemsOfAsync(await Reader.PostAsync($"{CustomersPath}/lookup?fields={fields}", JsonBody(new { CompanyNumbers = new[] { companyNumber } })));
            var byExternalIds = await ItemsOfAsync(await Reader.PostAsync($"{CustomersPath}/lookup?fields={fields}", JsonBody(new { ExternalIds = new[] { externalId } })));

            AssertSelected(whole, byCompanyNumber, selection);
            AssertSelected(whole, byExternalId, selection);
            AssertSelected(whole, Assert.Single(searched), selection);
            AssertSelected(whole, lookedUp[0].GetProperty("Customer"), selection);
            AssertSelected(whole, byCompanyNumbers[0].GetProperty("Customer"), selection);
            AssertSelected(whole, byExternalIds[0].GetProperty("Customer"), selection);
        }
    }

    [Fact]
    public async Task SearchLookupAndChanges_ApplyTheSelectionToEveryItem()
    {
        var first = await CreateFullAsync();
        var second = await CreateFullAsync();
        var unknown = "0123456789abcdef0123456789abcdef";

        var searched = await ItemsOfAsync(await Reader.PostAsync($"{CustomersPath}/search?fields=Name,DateModified", JsonBody(SearchAll)));
        var lookup = await ItemsOfAsync(await Reader.PostAsync(
            $"{CustomersPath}/lookup?fields=Status", JsonBody(new { Ids = new[] { second.GetProperty("Id").GetString(), unknown, first.GetProperty("Id").GetString() } })));
        var changes = await ItemsOfAsync(await Reader.GetAsync($"{CustomersPath}/changes?fields=CompanyNumber,ExternalIds"));

        Assert.Equal(2, searched.Length);
        AssertSelected(first, searched[0], "Name", "DateModified");
        AssertSelected(second, searched[1], "Name", "DateModified");
        Assert.Equal([200, 404, 200], lookup.Select(item => item.GetProperty("Status").GetInt32()));
        AssertSelected(second, lookup[0].GetProperty("Customer"), "Status");
        Assert.Equal(JsonValueKind.Null, lookup[1].GetProperty("Customer").ValueKind);
        AssertSelected(first, lookup[2].GetProperty("Customer"), "Status");
        Assert.Equal(2, changes.Length);
        AssertSelected(first, changes[0], "CompanyNumber", "ExternalIds");
        AssertSelected(second, changes[1], "CompanyNumber", "ExternalIds");
    }

    [Fact]
    public async Task TheStore_FetchesTheMembersNamedOnly()
    {
        var whole = await CreateFullAsync();
        var tenant = TenantId.From(_tenant);
        var projection = new CustomerProjection(new HashSet<string> { "Id", "ETag", "Name" });
        using var scope = api.Services.CreateScope();
        var customers = scope.ServiceProvider.GetRequiredService<ICustomerRepository>();
        var search = scope.ServiceProvider.GetRequiredService<ICustomerSearch>();

        var byCompanyNumber = await customers.FindByCompanyNumberAsync(tenant, CompanyNumber.Normalize(whole.GetProperty("CompanyNumber").GetString()!), projection, CancellationToken.None);
        var byId = await customers.FindManyAsync(tenant, CustomerKey.Id, [whole.GetProperty("Id").GetString()!], projection, CancellationToken.None);
        var page = await search.FindPageAsync(
            new CustomerSearchFilter(tenant, [CustomerStatus.Active], null, null), 0, 10, projection, CancellationToken.None);

        // What the query left out never left the database: the customer read holds placeholders there.
        foreach (var read in new[] { byCompanyNumber!, Assert.Single(byId.Values), Assert.Single(page) })
        {
            Assert.Equal(whole.GetProperty("Name").GetString(), read.Customer.Name.Value);
            Assert.Equal(whole.GetProperty("ETag").GetString(), read.ETag);
            Assert.Null(read.Customer.Fax);
            Assert.Null(read.Customer.BillingAddress);
            Assert.Empty(read.Customer.Emails);
        }
    }

    [Fact]
    public async Task AProjectedRead_AnswersNotModified_ForTheVersionItNamesAsAWholeReadDoes()
    {
        var whole = await CreateFullAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"{CustomersPath}?companyNumber={Uri.EscapeDataString(whole.GetProperty("CompanyNumber").GetString()!)}&fields=Name");
        request.Headers.TryAddWithoutValidation("If-None-Match", whole.GetProperty("ETag").GetString());

        var response = await Reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(whole.GetProperty("ETag").GetString(), response.Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("Nmae")]
    [InlineData("Name,tenantId")]
    [InlineData("Name,,Phone")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("keys")]
    [InlineData("_etag")]
    [InlineData("ExternalId")]
    public async Task AFieldThatIsNoMember_Is400_ListingTheNamesThereAre_OnEveryRead(string fields)
    {
        var whole = await CreateFullAsync();
        var query = "fields=" + Uri.EscapeDataString(fields);
        var before = await (await Reader.GetAsync($"{CustomersPath}/{whole.GetProperty("Id").GetString()}")).Content.ReadAsStringAsync();

        HttpResponseMessage[] responses =
        [
            await Reader.GetAsync($"{CustomersPath}/{whole.GetProperty("Id").GetString()}?{query}"),
            await Reader.GetAsync($"{CustomersPath}?companyNumber=x&{query}"),
            await Reader.GetAsync($"{CustomersPath}/changes?{query}"),
            await Reader.PostAsync($"{CustomersPath}/search?{query}", JsonBody(SearchAll)),
            await Reader.PostAsync($"{CustomersPath}/lookup?{query}", JsonBody(new { Ids = new[] { "x" } })),
        ];

        foreach (var response in responses)
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
            var message = Assert.Single(problem.GetProperty("errors").GetProperty("fields").EnumerateArray()).GetString()!;
            Assert.All(Members, member => Assert.Contains(member, message, StringComparison.Ordinal));
        }

        Assert.Equal(before, await (await Reader.GetAsync($"{CustomersPath}/{whole.GetProperty("Id").GetString()}")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RacingWriters_NeverShowAProjectedReadAMixOfTwoVersions()
    {
        var whole = await CreateFullAsync();
        var id = whole.GetProperty("Id").GetString()!;
        var companyNumber = Uri.EscapeDataString(whole.GetProperty("CompanyNumber").GetString()!);
        using var stop = new CancellationTokenSource();

        // Each write sets Fax and Email[0] to the same value: a projected read of both must show one version's pair.
        var writers = Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
        {
            for (var round = 0; !stop.IsCancellationRequested && round < 15; round++)
            {
                var current = await (await Writer.GetAsync($"{CustomersPath}/{id}")).ReadJsonAsync();
                var mark = $"w{writer}r{round}";
                await Writer.PatchAsync(id, new { Fax = mark, Email = new[] { $"{mark}@example.com" } }, current.GetProperty("ETag").GetString());
            }
        })).ToArray();
        var reads = 0;
        while (!writers.All(writer => writer.IsCompleted))
        {
            var read = await (await Reader.GetAsync($"{CustomersPath}?companyNumber={companyNumber}&fields=Fax,Email")).ReadJsonAsync();
            var fax = read.GetProperty("Fax").GetString()!;
            Assert.StartsWith(fax == "+1 214 555 0199" ? "ap@" : fax + "@", read.GetProperty("Email")[0].GetString());
            reads++;
        }

        await Task.WhenAll(writers);
        Assert.True(reads > 0);
        Assert.StartsWith("w", (await (await Reader.GetAsync($"{CustomersPath}/{id}?fields=Fax")).ReadJsonAsync()).GetProperty("Fax").GetString());
    }
}
