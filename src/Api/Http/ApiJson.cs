using System.Text.Json.Serialization;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Queries.GetCustomerChanges;
using Alvys.Customers.Application.Customers.Queries.LookupCustomers;
using Alvys.Customers.Application.Customers.Queries.SearchCustomers;
using Alvys.Customers.Application.Webhooks;

namespace Alvys.Customers.Api.Http;

/// <summary>
/// Compile-time serialization metadata for the bodies the API reads and writes, so that MVC's JSON formatters
/// build nothing by reflection. Generation options mirror the MVC options set in Program.cs (PascalCase,
/// members bound in any letter case); converters registered there still apply.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(CustomerResponse))]
[JsonSerializable(typeof(CustomerWriteResponse))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(SearchCustomersCriteria))]
[JsonSerializable(typeof(ChangesResponse))]
[JsonSerializable(typeof(BatchUpsertResponse))]
[JsonSerializable(typeof(LookupRequest))]
[JsonSerializable(typeof(LookupResponse))]
[JsonSerializable(typeof(CustomerEventMessage))]
internal sealed partial class ApiJson : JsonSerializerContext;
