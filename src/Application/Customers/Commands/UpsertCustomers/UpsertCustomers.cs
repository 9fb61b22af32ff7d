using Alvys.Customers.Application.Customers.Commands.UpsertCustomer;
using Alvys.Customers.Domain.Customers;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Customers.Commands.UpsertCustomers;

/// <summary>
/// A batch upsert: 1…100 customers of the caller's tenant, each created or merge-patched by the ExternalId it names as
/// <see cref="UpsertCustomer.UpsertCustomer"/> does without conditions, independently of the others; answered in request order.
/// </summary>
public sealed record UpsertCustomers(TenantId TenantId, IReadOnlyList<CustomerPatch> Items, UpsertPermissions Permissions)
    : ICommand<Outcome<IReadOnlyList<BatchItemUpserted>>>
{
    public const int MaxItems = 100;
}

/// <summary>One item's outcome, under the ExternalId it named (trimmed).</summary>
public sealed record BatchItemUpserted(string ExternalId, Outcome<CustomerUpserted> Outcome);

/// <summary>How many of a batch's items are written at once (<c>Limits:BatchParallelism</c>).</summary>
public sealed record UpsertBatchSettings(int Parallelism)
{
    /// <summary>Chosen from a measurement (docs/PERFORMANCE.md): beyond it a batch of 100 got no faster here.</summary>
    public const int DefaultParallelism = 4;
}

/// <summary>What refuses a batch whole: not 1…100 items, an item without a non-blank ExternalId, an ExternalId twice.</summary>
internal sealed class UpsertCustomersValidator : AbstractValidator<UpsertCustomers>
{
    public UpsertCustomersValidator()
    {
        RuleFor(batch => batch.Items.Count)
            .InclusiveBetween(1, UpsertCustomers.MaxItems)
            .OverridePropertyName("Items")
            .WithMessage(batch => $"Items must hold 1 to {UpsertCustomers.MaxItems} upserts; this one holds {batch.Items.Count}.");
        RuleFor(batch => batch).Custom((batch, context) =>
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var index = 0; index < batch.Items.Count; index++)
            {
                var field = $"Items[{index}].ExternalId";
                if (NamedExternalId(batch.Items[index]) is not { } externalId)
                {
                    context.AddFailure(field, "Each item must be an object with a non-blank ExternalId.");
                }
                else if (!seen.TryAdd(ExternalId.Normalize(externalId), index))
                {
                    context.AddFailure(field, $"ExternalId '{externalId}' is also item {seen[ExternalId.Normalize(externalId)]}: each ExternalId once per batch.");
                }
            }
        });
    }

    /// <summary>The ExternalId an item names, trimmed, or null when it names none.</summary>
    public static string? NamedExternalId(CustomerPatch item) => item.ExternalId.HasValue ? PartnerText.Clean(item.ExternalId.Value) : null;
}

internal sealed class UpsertCustomersHandler(ICustomerRepository customers, CustomerUpserter upserter, UpsertBatchSettings settings)
    : ICommandHandler<UpsertCustomers, Outcome<IReadOnlyList<BatchItemUpserted>>>
{
    public async ValueTask<Outcome<IReadOnlyList<BatchItemUpserted>>> Handle(UpsertCustomers request, CancellationToken cancellationToken)
    {
        // The validator has made sure that every item names an ExternalId, once.
        var externalIds = request.Items.Select(item => UpsertCustomersValidator.NamedExternalId(item)!).ToArray();
        var keys = externalIds.Select(ExternalId.Normalize).ToArray();
        // Every item's first read in one query: a batch of n costs one look-up and n writes, not n of each.
        var stored = await customers.FindManyAsync(request.TenantId, CustomerKey.ExternalId, keys, projection: null, cancellationToken);
        var results = new BatchItemUpserted[externalIds.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, externalIds.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Parallelism), CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var externalId = externalIds[index];
                var upsert = new UpsertCustomer.UpsertCustomer(request.TenantId, externalId, request.Items[index], IfMatch.Missing, CreateOnly: false, request.Permissions);
                var lookedUp = new ExternalIdLookUp(stored.GetValueOrDefault(keys[index]));
                results[index] = new BatchItemUpserted(externalId, await upserter.UpsertAsync(upsert, lookedUp, token));
            });
        return results;
    }
}
