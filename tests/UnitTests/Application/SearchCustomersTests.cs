using Alvys.Customers.Application;
using Alvys.Customers.Application.Customers.Queries.SearchCustomers;
using Alvys.Customers.Domain.Customers;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.UnitTests.Application;

public sealed class SearchCustomersTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");

    /// <summary>A fake search over a fixed number of matches, recording page and count calls.</summary>
    private sealed class FakeSearch(int matches) : ICustomerSearch
    {
        public List<string> Calls { get; } = [];

        public CustomerSearchFilter? LastFilter { get; private set; }

        public Task<IReadOnlyList<VersionedCustomer>> FindPageAsync(CustomerSearchFilter filter, int skip, int take, CustomerProjection? projection, CancellationToken cancellationToken)
        {
            Calls.Add($"page:{skip}:{take}");
            LastFilter = filter;
            var count = Math.Max(0, Math.Min(take, matches - skip));
            IReadOnlyList<VersionedCustomer> page = Enumerable.Range(0, count)
                .Select(i => new VersionedCustomer(
                    Customer.Create(Tenant, new CustomerPatch { Name = $"C{skip + i}", Type = CustomerType.Customer }, DateTimeOffset.UtcNow).Value, $"\"{i}\""))
                .ToArray();
            return Task.FromResult(page);
        }

        public Task<int> CountAsync(CustomerSearchFilter filter, CancellationToken cancellationToken)
        {
            Calls.Add("count");
            return Task.FromResult(matches);
        }
    }

    private static (ISender Sender, FakeSearch Search) Build(int matches)
    {
        var search = new FakeSearch(matches);
        return (FakeStoreServices.Over(new InMemoryCustomerRepository(), search: search).BuildServiceProvider().CreateScope().ServiceProvider.GetRequiredService<ISender>(), search);
    }

    private static SearchCustomers Request(int page, int pageSize, params string[] statuses) =>
        new(Tenant, new SearchCustomersCriteria { Page = page, PageSize = pageSize, Statuses = statuses });

    [Theory]
    [InlineData(7, 0, 10, 7)]
    [InlineData(7, 3, 2, 7)]
    [InlineData(0, 0, 10, 0)]
    public async Task APageThatIsNotFullAndNotPastTheEnd_ProvesTheTotal(int matches, int page, int pageSize, int total)
    {
        var (sender, search) = Build(matches);

        var result = await sender.Send(Request(page, pageSize, "Active"));

        Assert.Equal(total, result.Value.Total);
        Assert.DoesNotContain("count", search.Calls);
    }

    [Theory]
    [InlineData(7, 0, 2)]
    [InlineData(7, 9, 2)]
    [InlineData(4, 1, 4)]
    public async Task AFullPageOrAPagePastTheEnd_CountsOnce(int matches, int page, int pageSize)
    {
        var (sender, search) = Build(matches);

        var result = await sender.Send(Request(page, pageSize, "Active"));

        Assert.Equal(matches, result.Value.Total);
        Assert.Equal(1, search.Calls.Count(c => c == "count"));
    }

    [Fact]
    public async Task Page_IsZeroBased_AndStatusesAreParsedOnce()
    {
        var (sender, search) = Build(10);

        var result = await sender.Send(Request(2, 3, "active", "Active", " Inactive "));

        Assert.Equal(["page:6:3", "count"], search.Calls);
        Assert.Equal(2, result.Value.Page);
        Assert.Equal(3, result.Value.PageSize);
        Assert.Equal([CustomerStatus.Active, CustomerStatus.Inactive], search.LastFilter!.Statuses);
    }

    [Theory]
    [InlineData(null, 10, new[] { "Active" }, "page")]
    [InlineData(-1, 10, new[] { "Active" }, "page")]
    [InlineData(0, null, new[] { "Active" }, "pageSize")]
    [InlineData(0, 1001, new[] { "Active" }, "pageSize")]
    [InlineData(0, 10, new string[0], "statuses")]
    [InlineData(0, 10, new[] { "Gone" }, "statuses[0]")]
    public async Task InvalidCriteria_AreRefusedWithoutSearching(int? page, int? pageSize, string[] statuses, string field)
    {
        var (sender, search) = Build(5);

        var result = await sender.Send(new SearchCustomers(Tenant, new SearchCustomersCriteria { Page = page, PageSize = pageSize, Statuses = statuses }));

        Assert.Contains(Assert.IsType<CustomerFailure.Invalid>(result.Failure).Errors, e => e.Identifier == field);
        Assert.Empty(search.Calls);
    }

    [Fact]
    public async Task ARangeThatEndsBeforeItStarts_IsInvalid()
    {
        var (sender, _) = Build(5);
        var criteria = new SearchCustomersCriteria
        {
            Page = 0, PageSize = 1, Statuses = ["Active"],
            CreatedDateRange = new CreatedDateRange(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(-1)),
        };

        var result = await sender.Send(new SearchCustomers(Tenant, criteria));

        Assert.Contains(Assert.IsType<CustomerFailure.Invalid>(result.Failure).Errors, e => e.Identifier == "createdDateRange");
    }
}
