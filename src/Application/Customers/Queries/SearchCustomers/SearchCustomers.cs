using System.ComponentModel;
using Alvys.Customers.Domain.Customers;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Customers.Queries.SearchCustomers;

/// <summary>The search request body as partners send it; every member is checked by the validator.</summary>
public sealed record SearchCustomersCriteria
{
    public const int MaxPageSize = 1000;

    public int? Page { get; init; }

    public int? PageSize { get; init; }

    public IReadOnlyList<string?>? Statuses { get; init; }

    public CreatedDateRange? CreatedDateRange { get; init; }
}

/// <summary>Bounds on DateCreated, both inclusive; each an instant with its offset (RFC 3339), e.g. <c>2024-11-01T00:00:00Z</c>.</summary>
public sealed record CreatedDateRange(
    [property: Description("Earliest DateCreated, inclusive: a date and time with its offset (RFC 3339), e.g. 2024-11-01T00:00:00Z. A value without an offset is refused.")]
    DateTimeOffset? Start,
    [property: Description("Latest DateCreated, inclusive: a date and time with its offset (RFC 3339), e.g. 2030-01-01T00:00:00-05:00. A value without an offset is refused.")]
    DateTimeOffset? End);

public sealed record SearchResponse(int Page, int PageSize, int Total, IReadOnlyList<CustomerResponse> Items);

/// <summary>A page of the caller's customers with the given statuses, oldest first.</summary>
public sealed record SearchCustomers(TenantId TenantId, SearchCustomersCriteria? Criteria) : IQuery<Outcome<SearchResponse>>;

internal sealed class SearchCustomersValidator : AbstractValidator<SearchCustomers>
{
    public const int MaxPageSize = SearchCustomersCriteria.MaxPageSize;

    public SearchCustomersValidator()
    {
        RuleFor(s => s.Criteria).NotNull().OverridePropertyName("body").WithMessage("The request body must be a JSON object.");
        When(s => s.Criteria is not null, () =>
        {
            RuleFor(s => s.Criteria!.Page)
                .NotNull().WithMessage("page is required (zero-based).")
                .GreaterThanOrEqualTo(0).WithMessage("page must be 0 or more (zero-based).")
                .OverridePropertyName("page");
            RuleFor(s => s.Criteria!.PageSize)
                .NotNull().WithMessage("pageSize is required.")
                .InclusiveBetween(1, MaxPageSize).WithMessage($"pageSize must be between 1 and {MaxPageSize}.")
                .OverridePropertyName("pageSize");
            RuleFor(s => s.Criteria!.Statuses)
                .NotEmpty().WithMessage("statuses is required: one or more of 'Active', 'Inactive'.")
                .OverridePropertyName("statuses");
            RuleForEach(s => s.Criteria!.Statuses)
                .Must(status => CustomerStatusNames.TryParse(status?.Trim(), out _))
                .WithMessage("Each status must be 'Active' or 'Inactive'.")
                .OverridePropertyName("statuses");
            RuleFor(s => s.Criteria!.CreatedDateRange)
                .Must(range => range!.Start is null || range.End is null || range.Start <= range.End)
                .When(s => s.Criteria!.CreatedDateRange is not null)
                .WithMessage("createdDateRange.start must not be after createdDateRange.end.")
                .OverridePropertyName("createdDateRange");
            // An offset no tenant could reach is refused rather than sent to the database.
            RuleFor(s => (long)s.Criteria!.Page!.Value * s.Criteria!.PageSize!.Value)
                .LessThanOrEqualTo(int.MaxValue - MaxPageSize)
                .When(s => s.Criteria!.Page >= 0 && s.Criteria!.PageSize is > 0)
                .OverridePropertyName("page").WithMessage("page is beyond the end of any result.");
        });
    }
}

internal sealed class SearchCustomersHandler(ICustomerSearch search) : IQueryHandler<SearchCustomers, Outcome<SearchResponse>>
{
    public async ValueTask<Outcome<SearchResponse>> Handle(SearchCustomers request, CancellationToken cancellationToken)
    {
        // The validator has refused a missing body.
        var criteria = request.Criteria!;
        var page = criteria.Page!.Value;
        var pageSize = criteria.PageSize!.Value;
        // The validator has accepted every status name.
        var statuses = criteria.Statuses!
            .Select(name => CustomerStatusNames.TryParse(name!.Trim(), out var status) ? status : default)
            .Distinct()
            .ToArray();
        var filter = new CustomerSearchFilter(request.TenantId, statuses, criteria.CreatedDateRange?.Start, criteria.CreatedDateRange?.End);

        var skip = page * pageSize;
        var items = await search.FindPageAsync(filter, skip, pageSize, cancellationToken);

        // A page that is neither full nor past the end proves the total: no second round trip.
        var total = items.Count > 0 && items.Count < pageSize ? skip + items.Count
            : items.Count == 0 && skip == 0 ? 0
            : await search.CountAsync(filter, cancellationToken);

        return new SearchResponse(page, pageSize, total, items.Select(CustomerResponse.From).ToArray());
    }
}
