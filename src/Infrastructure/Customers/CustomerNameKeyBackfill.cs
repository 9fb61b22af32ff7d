using System.Net;
using System.Text.Json.Serialization;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Infrastructure.Customers;

/// <summary>
/// Gives the customers stored before every write set <see cref="CustomerDocument.NameKey"/> theirs, so that a search's
/// namePrefix (an index range over it) finds them too. Runs once per start in the background (<c>Cosmos:BackfillNameKeys</c>);
/// once every customer has the key it reads nothing and writes nothing.
/// </summary>
internal sealed partial class CustomerNameKeyBackfill(CustomerContainer customers, IOptions<CosmosOptions> options, ILogger<CustomerNameKeyBackfill> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private readonly Container _container = customers.Container;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.BackfillNameKeys)
        {
            return;
        }

        // Until it succeeds once: a store that is unreachable at start-up is retried, each failure logged.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var added = await RunAsync(stoppingToken);
                LogDone(added);
                return;
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(failure, RetryDelay.TotalSeconds);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    /// <summary>Sets the key on every customer, of every tenant, that lacks it; returns how many it set.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        // Each pass reads the customers still without the key; patched ones leave the result as it is paged, which may
        // shift a continuation past others, so passes repeat until one finds nothing to do.
        while (true)
        {
            var added = 0;
            var query = new QueryDefinition("SELECT c.id, c.tenantId, c.name, c._etag FROM c WHERE NOT IS_DEFINED(c.nameKey)");
            using var iterator = _container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { MaxItemCount = 100 });
            while (iterator.HasMoreResults)
            {
                using var response = await CosmosCall.RunAsync((Iterator: iterator, Token: cancellationToken), static page => page.Iterator.ReadNextAsync(page.Token));
                CosmosCall.ThrowUnlessSuccess(response);
                var page = await CosmosJson.ReadAsync<QueryPage<NameKeyGap>>(response.Content, cancellationToken);
                foreach (var gap in page?.Documents ?? [])
                {
                    added += await AddAsync(gap, cancellationToken) ? 1 : 0;
                }
            }

            total += added;
            if (added == 0)
            {
                return total;
            }
        }
    }

    private async Task<bool> AddAsync(NameKeyGap gap, CancellationToken cancellationToken)
    {
        // Conditional on the version read: a write in between has set the key itself (every write does), and its name wins.
        using var response = await CosmosCall.RunAsync(
            (Container: _container, Gap: gap, Token: cancellationToken),
            static patch => patch.Container.PatchItemStreamAsync(
                patch.Gap.Id,
                new PartitionKey(patch.Gap.TenantId),
                [PatchOperation.Set("/nameKey", CustomerName.Normalize(patch.Gap.Name))],
                new PatchItemRequestOptions { IfMatchEtag = patch.Gap.ETag },
                patch.Token));
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }

        CosmosCall.ThrowUnlessSuccess(response);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Name keys backfilled: {Added} customers given the key a namePrefix search matches.")]
    private partial void LogDone(int added);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Name key backfill failed; retrying in {Seconds} s.")]
    private partial void LogFailed(Exception failure, double seconds);
}

/// <summary>A stored customer without <see cref="CustomerDocument.NameKey"/>, as the backfill reads it.</summary>
internal sealed class NameKeyGap
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("tenantId")] public required string TenantId { get; init; }

    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("_etag")] public string? ETag { get; init; }
}
