using System.Net;
using System.Text.Json;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Customers;

/// <summary>
/// Customers in Cosmos DB, one logical partition per tenant. Stream APIs throughout: a missing customer
/// is a normal answer, not an exception.
/// </summary>
internal sealed class CosmosCustomerRepository(CustomerContainer customers) : ICustomerRepository
{
    private readonly Container _container = customers.Container;

    public async Task<VersionedCustomer?> FindByIdAsync(TenantId tenantId, CustomerId id, CancellationToken cancellationToken)
    {
        using var response = await _container.ReadItemStreamAsync(id.Value, new PartitionKey(tenantId.Value), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var document = await JsonSerializer.DeserializeAsync<CustomerDocument>(response.Content, CosmosJson.Options, cancellationToken);
        return document is null ? null : CustomerDocumentMapper.ToVersionedCustomer(document);
    }

    public async Task<VersionedCustomer?> FindByCompanyNumberAsync(TenantId tenantId, string normalizedCompanyNumber, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.keys.companyNumber = @companyNumber")
            .WithParameter("@companyNumber", CustomerDocumentMapper.CompanyNumberKey(normalizedCompanyNumber));
        var documents = await QuerySinglePartitionAsync(tenantId, query, maxItems: 1, cancellationToken);
        return documents.Length == 0 ? null : CustomerDocumentMapper.ToVersionedCustomer(documents[0]);
    }

    /// <summary>
    /// One round trip: confined to the tenant's partition with optimistic direct execution, the SDK sends
    /// the query straight to that partition instead of first asking the gateway for a query plan.
    /// </summary>
    private async Task<CustomerDocument[]> QuerySinglePartitionAsync(TenantId tenantId, QueryDefinition query, int maxItems, CancellationToken cancellationToken)
    {
        var options = new QueryRequestOptions
        {
            PartitionKey = new PartitionKey(tenantId.Value),
            EnableOptimisticDirectExecution = true,
            MaxItemCount = maxItems,
        };

        using var iterator = _container.GetItemQueryStreamIterator(query, requestOptions: options);
        using var response = await iterator.ReadNextAsync(cancellationToken);
        response.EnsureSuccessStatusCode();
        var page = await JsonSerializer.DeserializeAsync<QueryPage<CustomerDocument>>(response.Content, CosmosJson.Options, cancellationToken);
        return page?.Documents ?? [];
    }
}
