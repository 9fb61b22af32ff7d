using Alvys.Customers.Domain.Customers;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Customers.Queries.GetCustomerChanges;

/// <summary>
/// One poll of the caller's changes feed: from <paramref name="Cursor"/> (an earlier answer's), from now
/// (<paramref name="From"/> = <c>now</c>), or from the beginning (neither); at most <paramref name="PageSize"/> items.
/// </summary>
public sealed record GetCustomerChanges(TenantId TenantId, string? Cursor, string? From, int? PageSize) : IQuery<Outcome<ChangesResponse>>
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>The <c>fields</c> each item is answered with (all when null). The change feed hands whole documents: the
    /// selection is applied to the answer.</summary>
    public string? Fields { get; init; }
}

/// <summary>A page of changes, oldest first; poll again with <paramref name="Cursor"/>; <paramref name="HasMore"/> false = the end of the feed was reached.</summary>
public sealed record ChangesResponse(IReadOnlyList<CustomerResponse> Items, string Cursor, bool HasMore);

internal sealed class GetCustomerChangesValidator : AbstractValidator<GetCustomerChanges>
{
    public GetCustomerChangesValidator()
    {
        RuleFor(q => q.Fields).ValidFields();
        RuleFor(q => q.From)
            .Must(from => string.Equals(from, "now", StringComparison.OrdinalIgnoreCase))
            .When(q => q.From is not null)
            .OverridePropertyName("from").WithMessage("from may only be 'now'; leave it out to start from the beginning.");
        RuleFor(q => q)
            .Must(q => q.Cursor is null || q.From is null)
            .OverridePropertyName("query").WithMessage("Give 'cursor' or 'from', not both.");
        RuleFor(q => q.Cursor).NotEmpty().When(q => q.Cursor is not null)
            .OverridePropertyName("cursor").WithMessage("cursor must not be blank; leave it out to start from the beginning.");
        RuleFor(q => q.PageSize)
            .InclusiveBetween(1, GetCustomerChanges.MaxPageSize).When(q => q.PageSize is not null)
            .OverridePropertyName("pageSize").WithMessage($"pageSize must be between 1 and {GetCustomerChanges.MaxPageSize}.");
    }
}

internal sealed class GetCustomerChangesHandler(ICustomerChanges changes) : IQueryHandler<GetCustomerChanges, Outcome<ChangesResponse>>
{
    public async ValueTask<Outcome<ChangesResponse>> Handle(GetCustomerChanges request, CancellationToken cancellationToken)
    {
        ChangesStart start = request.Cursor is { } cursor ? new ChangesStart.After(cursor)
            : request.From is not null ? new ChangesStart.Now()
            : new ChangesStart.Beginning();
        var fields = FieldSelection.Parse(request.Fields);
        var page = await changes.ReadAsync(request.TenantId, start, request.PageSize ?? GetCustomerChanges.DefaultPageSize, cancellationToken);
        return page.Map(read => new ChangesResponse(read.Items.Select(item => CustomerResponse.From(item, fields)).ToArray(), read.Cursor, read.HasMore));
    }
}
