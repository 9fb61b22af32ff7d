using System.Net;
using System.Text.Json;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Customers;

/// <summary>
/// A tenant's changes from the Cosmos DB change feed of its logical partition, in latest-version mode: each page is
/// one read of the SDK's change feed iterator — one round trip — and the cursor wraps the SDK's continuation.
/// </summary>
internal sealed class CosmosCustomerChanges(CustomerContainer customers) : ICustomerChanges
{
    private readonly Container _container = customers.Container;

    public async Task<Outcome<CustomerChanges>> ReadAsync(TenantId tenantId, ChangesStart start, int pageSize, CancellationToken cancellationToken)
    {
        var partition = FeedRange.FromPartitionKey(new PartitionKey(tenantId.Value));
        ChangeFeedStartFrom from;
        switch (start)
        {
            case ChangesStart.After after:
                if (!ChangeCursor.TryOpen(after.Cursor, tenantId, out var continuation))
                {
                    return new CustomerFailure.InvalidCursor();
                }

                from = ChangeFeedStartFrom.ContinuationToken(continuation);
                break;
            case ChangesStart.Now:
                from = ChangeFeedStartFrom.Now(partition);
                break;
            default:
                from = ChangeFeedStartFrom.Beginning(partition);
                break;
        }

        ResponseMessage response;
        try
        {
            using var iterator = _container.GetChangeFeedStreamIterator(from, ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = pageSize });
            response = await CosmosCall.RunAsync((Iterator: iterator, Token: cancellationToken), static read => read.Iterator.ReadNextAsync(read.Token));
        }
        catch (Exception exception) when (start is ChangesStart.After && IsRefusedContinuation(exception))
        {
            // A continuation of our making that names a container or position the SDK or the store will not take.
            return new CustomerFailure.InvalidCursor();
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new CustomerChanges([], ChangeCursor.Seal(tenantId, response.ContinuationToken), HasMore: false);
            }

            if (response.StatusCode == HttpStatusCode.BadRequest && start is ChangesStart.After)
            {
                return new CustomerFailure.InvalidCursor();
            }

            CosmosCall.ThrowUnlessSuccess(response);
            var page = await CosmosJson.ReadAsync(response.Content, CustomerDocumentJson.Default.QueryPageCustomerDocument, cancellationToken);
            var items = (page?.Documents ?? []).Select(CustomerDocumentMapper.ToVersionedCustomer).ToArray();
            // A full page may have more behind it; a shorter one was cut at the end of the feed.
            return new CustomerChanges(items, ChangeCursor.Seal(tenantId, response.ContinuationToken), HasMore: items.Length >= pageSize);
        }
    }

    private static bool IsRefusedContinuation(Exception exception) => exception switch
    {
        ArgumentException or FormatException or JsonException => true,
        CosmosException cosmos => cosmos.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Gone,
        _ => false,
    };
}
