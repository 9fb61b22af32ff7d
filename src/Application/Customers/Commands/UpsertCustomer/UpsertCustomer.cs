using Alvys.Customers.Application.Customers.Commands.CreateCustomer;
using Alvys.Customers.Domain.Customers;
using Mediator;

namespace Alvys.Customers.Application.Customers.Commands.UpsertCustomer;

/// <summary>Which of an upsert's two writes the caller's credential allows.</summary>
public sealed record UpsertPermissions(bool MayCreate, bool MayUpdate);

/// <summary>
/// Creates or updates the caller's customer whose ExternalId is <paramref name="ExternalId"/>, with merge-patch
/// semantics. <paramref name="IfMatch"/> is optional (given, it must match the current version; <c>*</c> with no such
/// customer fails); <paramref name="CreateOnly"/> is <c>If-None-Match: *</c>. Without If-Match no update is lost:
/// a write that lands between this one's read and its write makes it read again and apply its patch again.
/// </summary>
public sealed record UpsertCustomer(
    TenantId TenantId, string ExternalId, Outcome<CustomerPatch> Patch, IfMatch IfMatch, bool CreateOnly, UpsertPermissions Permissions)
    : ICommand<Outcome<CustomerUpserted>>;

/// <summary>The customer as written, and whether the upsert created it.</summary>
public sealed record CustomerUpserted(CustomerWritten Written, bool Created);

internal sealed class UpsertCustomerHandler(CustomerUpserter upserter) : ICommandHandler<UpsertCustomer, Outcome<CustomerUpserted>>
{
    public async ValueTask<Outcome<CustomerUpserted>> Handle(UpsertCustomer request, CancellationToken cancellationToken) =>
        await upserter.UpsertAsync(request, lookedUp: null, cancellationToken);
}

/// <summary>A look-up of the customer with an ExternalId already made (by a batch, for all its items in one query).</summary>
/// <param name="Stored">The customer found, or null when none has the ExternalId.</param>
internal sealed record ExternalIdLookUp(VersionedCustomer? Stored);

/// <summary>
/// An upsert by ExternalId, the one loop that re-reads and re-applies it when another write overtakes it: shared by the
/// single upsert and every item of a batch.
/// </summary>
internal sealed class CustomerUpserter(ICustomerRepository customers, TimeProvider clock)
{
    /// <summary>
    /// Reads and writes before giving up to the writes that keep overtaking this one: each racing writer that wins
    /// costs the others one more round, so this bounds how many may race for one customer before one is refused.
    /// </summary>
    public const int MaxAttempts = 10;

    /// <summary>The upsert; <paramref name="lookedUp"/>, when given, stands in for its first read.</summary>
    public async Task<Outcome<CustomerUpserted>> UpsertAsync(UpsertCustomer request, ExternalIdLookUp? lookedUp, CancellationToken cancellationToken)
    {
        var externalId = ExternalId.Create(request.ExternalId);
        if (!externalId.IsSuccess)
        {
            return new CustomerFailure.Invalid(externalId.ValidationErrors.Select(e => CustomerErrors.Field("externalId", e.ErrorMessage)).ToArray());
        }

        if (request.Patch.IsSuccess)
        {
            var forUpsert = request.Patch.Value.ForUpsertOf(externalId.Value);
            if (!forUpsert.IsSuccess)
            {
                return new CustomerFailure.Invalid(forUpsert.ValidationErrors.ToArray());
            }

            request = request with { Patch = forUpsert.Value };
        }

        var key = externalId.Value.Normalized;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = attempt == 1 && lookedUp is not null ? lookedUp.Stored : await customers.FindByExternalIdAsync(request.TenantId, key, projection: null, cancellationToken);
            var (outcome, overtaken) = stored is null
                ? await CreateAsync(request, externalId.Value, cancellationToken)
                : await UpdateAsync(request, stored, cancellationToken);
            if (!overtaken)
            {
                return outcome;
            }

            // A little jitter, growing with each round, so that racing writers do not keep colliding in step.
            await Task.Delay(Random.Shared.Next(attempt * 3), cancellationToken);
        }

        return new CustomerFailure.WriteContention();
    }

    /// <summary>The create, and whether a concurrent upsert created this ExternalId first (then it is an update after all).</summary>
    private async Task<(Outcome<CustomerUpserted> Outcome, bool Overtaken)> CreateAsync(UpsertCustomer request, ExternalId externalId, CancellationToken cancellationToken)
    {
        if (request.IfMatch.IsPresent)
        {
            // If-Match names a version of a customer that does not exist: the precondition fails (RFC 9110 §13.1.1).
            return (new CustomerFailure.VersionStale(), false);
        }

        if (!request.Permissions.MayCreate)
        {
            return (new CustomerFailure.NotPermitted(CustomerWrite.Create), false);
        }

        if (!request.Patch.IsSuccess)
        {
            return (request.Patch.Failure!, false);
        }

        var fields = request.Patch.Value with { ExternalId = externalId.Value };
        var created = Customer.Create(request.TenantId, fields, clock.GetUtcNow());
        if (!created.IsSuccess)
        {
            return (created.Failure!, false);
        }

        var written = await customers.AddAsync(created.Value, cancellationToken);
        return (written.Map(etag => new CustomerUpserted(CustomerWritten.From(created.Value, etag), Created: true)),
            written.Failure is CustomerFailure.Duplicate { Field: UniqueField.ExternalId } or CustomerFailure.WriteContention);
    }

    /// <summary>The update, and whether another write landed between this one's read and its write (only without If-Match is that a retry).</summary>
    private async Task<(Outcome<CustomerUpserted> Outcome, bool Overtaken)> UpdateAsync(UpsertCustomer request, VersionedCustomer stored, CancellationToken cancellationToken)
    {
        if (request.CreateOnly || (request.IfMatch.IsPresent && !request.IfMatch.Matches(stored.ETag)))
        {
            return (new CustomerFailure.VersionStale(), false);
        }

        if (!request.Permissions.MayUpdate)
        {
            return (new CustomerFailure.NotPermitted(CustomerWrite.Update), false);
        }

        if (!request.Patch.IsSuccess)
        {
            return (request.Patch.Failure!, false);
        }

        var (customer, etag) = stored;
        var changed = customer.Apply(request.Patch.Value, clock.GetUtcNow());
        if (!changed.IsSuccess)
        {
            return (changed.Failure!, false);
        }

        if (!changed.Value)
        {
            return (new CustomerUpserted(CustomerWritten.From(customer, etag), Created: false), false);
        }

        var written = await customers.ReplaceAsync(customer, etag, cancellationToken);
        return (written.Map(newETag => new CustomerUpserted(CustomerWritten.From(customer, newETag), Created: false)),
            written.Failure is (CustomerFailure.VersionStale or CustomerFailure.WriteContention) && !request.IfMatch.IsPresent);
    }
}
