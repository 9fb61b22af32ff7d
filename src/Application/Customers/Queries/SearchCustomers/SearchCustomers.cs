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

    [Description("Bounds on DateModified, both inclusive, as createdDateRange bounds DateCreated.")]
    public CreatedDateRange? ModifiedDateRange { get; init; }

    [Description("Only customers whose CompanyNumber starts with this, trimmed and in any letter case.")]
    public string? CompanyNumberPrefix { get; init; }

    [Description("Only customers whose Name starts with this, trimmed and in any letter case; a run of spaces matches one space, as in the Name+ZIP rule.")]
    public string? NamePrefix { get; init; }

    [Description("The order: DateCreated (the default), DateModified or Name, ascending, or followed by ' desc'; the id breaks ties.")]
    public string? Sort { get; init; }

    /// <summary>The fields a search can be ordered by, as <see cref="Sort"/> names them.</summary>
    public static readonly string[] SortFields = Enum.GetNames<CustomerSortField>();

    /// <summary>The order <paramref name="sort"/> names, or null when it names none (an unknown field or direction).</summary>
    public static CustomerSort? ParseSort(string? sort)
    {
        if (sort is null)
        {
            return CustomerSort.Default;
        }

        // By name only: Enum.TryParse would also take a number ("1", "+1") for a field.
        var words = sort.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var name = words.Length is 1 or 2 ? Array.Find(SortFields, field => field.Equals(words[0], StringComparison.OrdinalIgnoreCase)) : null;
        if (name is null)
        {
            return null;
        }

        var field = Enum.Parse<CustomerSortField>(name);

        return words.Length == 1 || words[1].Equals("asc", StringComparison.OrdinalIgnoreCase) ? new CustomerSort(field, Descending: false)
            : words[1].Equals("desc", StringComparison.OrdinalIgnoreCase) ? new CustomerSort(field, Descending: true)
            : null;
    }
}

/// <summary>Bounds on DateCreated (or DateModified), both inclusive; each an instant with its offset (RFC 3339), e.g. <c>2024-11-01T00:00:00Z</c>.</summary>
public sealed record CreatedDateRange(
    [property: Description("Earliest DateCreated, inclusive: a date and time with its offset (RFC 3339), e.g. 2024-11-01T00:00:00Z. A value without an offset is refused.")]
    DateTimeOffset? Start,
    [property: Description("Latest DateCreated, inclusive: a date and time with its offset (RFC 3339), e.g. 2030-01-01T00:00:00-05:00. A value without an offset is refused.")]
    DateTimeOffset? End);

public sealed record SearchResponse(int Page, int PageSize, int Total, IReadOnlyList<CustomerResponse> Items);

/// <summary>A page of the caller's customers that match the criteria, in the order they name (oldest first by default).</summary>
public sealed record SearchCustomers(TenantId TenantId, SearchCustomersCriteria? Criteria) : IQuery<Outcome<SearchResponse>>
{
    /// <summary>The <c>fields</c> each item is answered with (all when null).</summary>
    public string? Fields { get; init; }
}

internal sealed class SearchCustomersValidator : AbstractValidator<SearchCustomers>
{
    public const int MaxPageSize = SearchCustomersCriteria.MaxPageSize;

    public SearchCustomersValidator()
    {
        RuleFor(s => s.Fields).ValidFields();
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
            RuleFor(s => s.Criteria!.ModifiedDateRange)
                .Must(range => range!.Start is null || range.End is null || range.Start <= range.End)
                .When(s => s.Criteria!.ModifiedDateRange is not null)
                .WithMessage("modifiedDateRange.start must not be after modifiedDateRange.end.")
                .OverridePropertyName("modifiedDateRange");
            RuleFor(s => s.Criteria!.CompanyNumberPrefix)
                .Must(prefix => PartnerText.Clean(prefix) is not null)
                .When(s => s.Criteria!.CompanyNumberPrefix is not null)
                .WithMessage("companyNumberPrefix must not be blank; leave it out to match every CompanyNumber.")
                .OverridePropertyName("companyNumberPrefix");
            RuleFor(s => s.Criteria!.NamePrefix)
                .Must(prefix => PartnerText.Clean(prefix) is not null)
                .When(s => s.Criteria!.NamePrefix is not null)
                .WithMessage("namePrefix must not be blank; leave it out to match every Name.")
                .OverridePropertyName("namePrefix");
            RuleFor(s => s.Criteria!.Sort)
                .Must(sort => SearchCustomersCriteria.ParseSort(sort) is not null)
                .WithMessage($"sort must be one of {string.Join(", ", SearchCustomersCriteria.SortFields)}, alone or followed by ' asc' or ' desc'.")
                .OverridePropertyName("sort");
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
        var filter = new CustomerSearchFilter(request.TenantId, statuses, criteria.CreatedDateRange?.Start, criteria.CreatedDateRange?.End)
        {
            ModifiedFrom = criteria.ModifiedDateRange?.Start,
            ModifiedTo = criteria.ModifiedDateRange?.End,
            CompanyNumberPrefix = PartnerText.Clean(criteria.CompanyNumberPrefix) is { } prefix ? CompanyNumber.Normalize(prefix) : null,
            NamePrefix = PartnerText.Clean(criteria.NamePrefix) is { } namePrefix ? CustomerName.Normalize(namePrefix) : null,
            // The validator has accepted the sort.
            Sort = SearchCustomersCriteria.ParseSort(criteria.Sort)!,
        };

        var skip = page * pageSize;
        var fields = FieldSelection.Parse(request.Fields);
        var items = await search.FindPageAsync(filter, skip, pageSize, fields?.Projection, cancellationToken);

        // A page that is neither full nor past the end proves the total: no second round trip.
        var total = items.Count > 0 && items.Count < pageSize ? skip + items.Count
            : items.Count == 0 && skip == 0 ? 0
            : await search.CountAsync(filter, cancellationToken);

        return new SearchResponse(page, pageSize, total, items.Select(item => CustomerResponse.From(item, fields)).ToArray());
    }
}
