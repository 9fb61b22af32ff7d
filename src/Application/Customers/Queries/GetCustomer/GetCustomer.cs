using Alvys.Customers.Domain.Customers;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Customers.Queries.GetCustomer;

/// <summary>Reads one customer of the caller's tenant by its id, its CompanyNumber or its ExternalId — exactly one of the three.</summary>
public sealed record GetCustomer(TenantId TenantId, string? Id, string? CompanyNumber, string? ExternalId = null) : IQuery<Outcome<CustomerRead>>
{
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
    }
}

internal sealed class GetCustomerHandler(ICustomerRepository customers) : IQueryHandler<GetCustomer, Outcome<CustomerRead>>
{
    public async ValueTask<Outcome<CustomerRead>> Handle(GetCustomer request, CancellationToken cancellationToken)
    {
        var stored = request.Id is not null ? await FindByIdAsync(request.TenantId, request.Id, cancellationToken)
            : request.CompanyNumber is not null ? await FindByCompanyNumberAsync(request.TenantId, request.CompanyNumber, cancellationToken)
            : await FindByExternalIdAsync(request.TenantId, request.ExternalId!, cancellationToken);
        return stored is null ? new CustomerFailure.NotFound() : CustomerRead.From(stored);
    }

    private Task<VersionedCustomer?> FindByIdAsync(TenantId tenantId, string candidate, CancellationToken cancellationToken) =>
        // An id the service could never have issued names no customer: answer without a round trip.
        CustomerId.TryParse(candidate.Trim(), out var id)
            ? customers.FindByIdAsync(tenantId, id, cancellationToken)
            : Task.FromResult<VersionedCustomer?>(null);

    private Task<VersionedCustomer?> FindByCompanyNumberAsync(TenantId tenantId, string candidate, CancellationToken cancellationToken)
    {
        var trimmed = PartnerText.Clean(candidate) ?? string.Empty;
        // Nothing longer than the limit, and no placeholder, is ever stored: no need to ask the database.
        return PartnerText.Length(trimmed) > CompanyNumber.MaxLength || CompanyNumber.IsPlaceholder(trimmed)
            ? Task.FromResult<VersionedCustomer?>(null)
            : customers.FindByCompanyNumberAsync(tenantId, CompanyNumber.Normalize(trimmed), cancellationToken);
    }

    private Task<VersionedCustomer?> FindByExternalIdAsync(TenantId tenantId, string candidate, CancellationToken cancellationToken)
    {
        var trimmed = PartnerText.Clean(candidate);
        // Matched as uniqueness matches it; nothing blank or longer than the limit is ever stored.
        return trimmed is null || PartnerText.Length(trimmed) > ExternalId.MaxLength
            ? Task.FromResult<VersionedCustomer?>(null)
            : customers.FindByExternalIdAsync(tenantId, ExternalId.Normalize(trimmed), cancellationToken);
    }
}
