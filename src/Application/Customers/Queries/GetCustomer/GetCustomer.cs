using Alvys.Customers.Domain.Customers;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Customers.Queries.GetCustomer;

/// <summary>Reads one customer of the caller's tenant by its id, its CompanyNumber or its ExternalId — exactly one of the three.</summary>
public sealed record GetCustomer(TenantId TenantId, string? Id, string? CompanyNumber, string? ExternalId = null) : IQuery<Outcome<CustomerRead>>
{
    /// <summary>The <c>fields</c> to answer with (all when null).</summary>
    public string? Fields { get; init; }

    public static GetCustomer ById(TenantId tenantId, string id) => new(tenantId, id, null);
}

internal sealed class GetCustomerValidator : AbstractValidator<GetCustomer>
{
    public GetCustomerValidator()
    {
        RuleFor(q => q)
            .Must(q => (q.Id is null ? 0 : 1) + (q.CompanyNumber is null ? 0 : 1) + (q.ExternalId is null ? 0 : 1) == 1)
            .OverridePropertyName("query")
            .WithMessage("Give exactly one of the query parameters 'id', 'companyNumber' and 'externalId'.");
        RuleFor(q => q.Id).NotEmpty().When(q => q.Id is not null)
            .OverridePropertyName("id").WithMessage("id must not be blank.");
        RuleFor(q => q.CompanyNumber).NotEmpty().When(q => q.CompanyNumber is not null)
            .OverridePropertyName("companyNumber").WithMessage("companyNumber must not be blank.");
        RuleFor(q => q.ExternalId).NotEmpty().When(q => q.ExternalId is not null)
            .OverridePropertyName("externalId").WithMessage("externalId must not be blank.");
        RuleFor(q => q.Fields).ValidFields();
    }
}

internal sealed class GetCustomerHandler(ICustomerRepository customers) : IQueryHandler<GetCustomer, Outcome<CustomerRead>>
{
    public async ValueTask<Outcome<CustomerRead>> Handle(GetCustomer request, CancellationToken cancellationToken)
    {
        var (key, value) = request.Id is not null ? (CustomerKey.Id, request.Id)
            : request.CompanyNumber is not null ? (CustomerKey.CompanyNumber, request.CompanyNumber)
            : (CustomerKey.ExternalId, request.ExternalId!);
        var fields = FieldSelection.Parse(request.Fields);
        // A value no customer could hold is answered without a round trip. By id, a point read of the whole document
        // (1 RU) is cheaper than any query that could project it: the selection is applied to the answer.
        var match = CustomerKeys.Matchable(key, value);
        var stored = match is null ? null : key switch
        {
            CustomerKey.Id => CustomerId.TryParse(match, out var id) ? await customers.FindByIdAsync(request.TenantId, id, cancellationToken) : null,
            CustomerKey.CompanyNumber => await customers.FindByCompanyNumberAsync(request.TenantId, match, fields?.Projection, cancellationToken),
            _ => await customers.FindByExternalIdAsync(request.TenantId, match, fields?.Projection, cancellationToken),
        };
        return stored is null ? new CustomerFailure.NotFound() : CustomerRead.From(stored, fields);
    }
}
