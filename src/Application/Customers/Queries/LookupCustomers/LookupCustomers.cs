using System.ComponentModel;
using Alvys.Customers.Domain.Customers;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Customers.Queries.LookupCustomers;

/// <summary>The keys to look up: exactly one of the three lists, 1 to 100 values.</summary>
[Description("The customers to look up: exactly one of Ids, ExternalIds and CompanyNumbers, 1 to 100 values.")]
public sealed record LookupRequest
{
    public const int MaxKeys = 100;

    [Description("Customer ids, as a create answered them.")]
    public IReadOnlyList<string?>? Ids { get; init; }

    [Description("Your system's ids of the customers, matched trimmed and in any letter case.")]
    public IReadOnlyList<string?>? ExternalIds { get; init; }

    [Description("CompanyNumbers, matched trimmed and in any letter case.")]
    public IReadOnlyList<string?>? CompanyNumbers { get; init; }

    /// <summary>
    /// The one list given, and what its values are; null when not exactly one is. A method, not a property: it is no
    /// member of the request's JSON.
    /// </summary>
    public (CustomerKey Key, IReadOnlyList<string?> Values)? GivenKeys() =>
        (Ids, ExternalIds, CompanyNumbers) switch
        {
            ({ } ids, null, null) => (CustomerKey.Id, ids),
            (null, { } externalIds, null) => (CustomerKey.ExternalId, externalIds),
            (null, null, { } companyNumbers) => (CustomerKey.CompanyNumber, companyNumbers),
            _ => null,
        };
}

/// <summary>One key's outcome, in request order: 200 and the customer with its ETag, or 404 and null.</summary>
public sealed record LookupItem(string Key, int Status, CustomerResponse? Customer);

public sealed record LookupResponse(IReadOnlyList<LookupItem> Items);

/// <summary>Many customers of the caller's tenant by id, ExternalId or CompanyNumber, in one query.</summary>
public sealed record LookupCustomers(TenantId TenantId, LookupRequest? Request) : IQuery<Outcome<LookupResponse>>
{
    /// <summary>The <c>fields</c> each customer is answered with (all when null).</summary>
    public string? Fields { get; init; }
}

internal sealed class LookupCustomersValidator : AbstractValidator<LookupCustomers>
{
    public LookupCustomersValidator()
    {
        RuleFor(q => q.Fields).ValidFields();
        RuleFor(q => q.Request).NotNull().OverridePropertyName("body").WithMessage("The request body must be a JSON object.");
        When(q => q.Request is not null, () =>
        {
            RuleFor(q => q.Request!.GivenKeys()).NotNull().OverridePropertyName("body")
                .WithMessage("Give exactly one of Ids, ExternalIds and CompanyNumbers.");
            // The list's own name keys its errors: Ids, ExternalIds or CompanyNumbers, whichever was given.
            RuleFor(q => q.Request!.GivenKeys()).Custom((keys, context) =>
            {
                if (keys is not var (key, values))
                {
                    return;
                }

                var list = ListName(key);
                if (values.Count is < 1 or > LookupRequest.MaxKeys)
                {
                    context.AddFailure(list, $"{list} must hold 1 to {LookupRequest.MaxKeys} values.");
                }

                for (var i = 0; i < values.Count; i++)
                {
                    if (values[i] is null)
                    {
                        context.AddFailure($"{list}[{i}]", $"{list}[{i}] must be a string.");
                    }
                }
            });
        });
    }

    public static string ListName(CustomerKey key) => key switch
    {
        CustomerKey.Id => nameof(LookupRequest.Ids),
        CustomerKey.ExternalId => nameof(LookupRequest.ExternalIds),
        _ => nameof(LookupRequest.CompanyNumbers),
    };
}

internal sealed class LookupCustomersHandler(ICustomerRepository customers) : IQueryHandler<LookupCustomers, Outcome<LookupResponse>>
{
    public async ValueTask<Outcome<LookupResponse>> Handle(LookupCustomers request, CancellationToken cancellationToken)
    {
        var (key, values) = request.Request!.GivenKeys()!.Value;
        // Each value as the store holds it; one no customer could hold is not asked for and is answered 404.
        var matched = values.Select(value => CustomerKeys.Matchable(key, value!)).ToArray();
        var asked = matched.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var fields = FieldSelection.Parse(request.Fields);
        var found = await customers.FindManyAsync(request.TenantId, key, asked, fields?.Projection, cancellationToken);
        return new LookupResponse(values.Select((value, i) =>
            matched[i] is { } match && found.TryGetValue(match, out var stored)
                ? new LookupItem(value!, 200, CustomerResponse.From(stored, fields))
                : new LookupItem(value!, 404, null)).ToArray());
    }
}
