using System.Text.Json;
using Alvys.Customers.Api.Http;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Api.Tests.Http;

/// <summary>A JSON body read into a typed merge patch, and that patch applied to a customer's fields.</summary>
public sealed class CustomerPatchReaderTests
{
    private static readonly CustomerFields Current = new()
    {
        Name = "Acme",
        Type = "Customer",
        CompanyNumber = "ACME-1",
        Status = "Active",
        BillingAddress = new AddressFields("1 Main", "Springfield", "IL", "62701"),
        Email = ["a@acme.example"],
        Phone = ["555"],
        Fax = "556",
        ExternalId = "crm-1",
    };

    private static CustomerFields Apply(string patch) => Apply(Current, patch);

    private static CustomerFields Apply(CustomerFields current, string patch)
    {
        var result = CustomerPatchReader.Read(JsonDocument.Parse(patch).RootElement);
        Assert.True(result.IsSuccess, string.Join("; ", Errors(result.Failure).Select(e => $"{e.Identifier}: {e.ErrorMessage}")));
        return result.Value.ApplyTo(current);
    }

    private static string[] Errors(string patch) =>
        Errors(CustomerPatchReader.Read(JsonDocument.Parse(patch).RootElement).Failure).Select(e => e.Identifier).ToArray();

    private static IReadOnlyList<Ardalis.Result.ValidationError> Errors(CustomerFailure? failure) =>
        failure is CustomerFailure.Invalid invalid ? invalid.Errors : [];

    [Fact]
    public void EmptyPatch_ChangesNothing() => Assert.Equal(Current, Apply("{}"));

    [Fact]
    public void PresentMembers_Replace_AbsentMembers_Stay()
    {
        var patched = Apply("""{ "Name": "Acme 2", "Fax": "999" }""");

        Assert.Equal(Current with { Name = "Acme 2", Fax = "999" }, patched);
    }

    [Fact]
    public void Null_RemovesTheMember()
    {
        var patched = Apply("""{ "CompanyNumber": null, "BillingAddress": null, "Email": null, "Fax": null }""");

        Assert.Null(patched.CompanyNumber);
        Assert.Null(patched.BillingAddress);
        Assert.Empty(patched.Email!);
        Assert.Null(patched.Fax);
        Assert.Equal("crm-1", patched.ExternalId);
    }

    [Fact]
    public void NestedObject_MergesRecursively()
    {
        var patched = Apply("""{ "BillingAddress": { "City": "Chicago", "State": null } }""");

        Assert.Equal(new AddressFields("1 Main", "Chicago", null, "62701"), patched.BillingAddress);
    }

    [Fact]
    public void NestedObject_OnAnAbsentAddress_StartsFromEmpty()
    {
        var patched = Apply(Current with { BillingAddress = null }, """{ "BillingAddress": { "ZipCode": "10001" } }""");

        Assert.Equal(new AddressFields(null, null, null, "10001"), patched.BillingAddress);
    }

    [Fact]
    public void Arrays_AreReplacedWhole()
    {
        var patched = Apply("""{ "Email": ["b@acme.example", "c@acme.example"], "Phone": [] }""");

        Assert.Equal(["b@acme.example", "c@acme.example"], patched.Email);
        Assert.Empty(patched.Phone!);
    }

    [Fact]
    public void MemberNames_MatchInAnyCase_AndZipCodeIsZip()
    {
        var patched = Apply("""{ "nAmE": "x", "billingADDRESS": { "zip": "1" }, "EXTERNALID": "e" }""");

        Assert.Equal("x", patched.Name);
        Assert.Equal("1", patched.BillingAddress!.ZipCode);
        Assert.Equal("e", patched.ExternalId);
    }

    [Fact]
    public void ReadOnlyAndUnknownMembers_AreIgnored() =>
        Assert.Equal(Current, Apply("""{ "Id": "x", "DateCreated": 1, "Notes": [], "Contacts": {}, "SalesAgentId": "s", "InvoicingInformation": {}, "Whatever": null }"""));

    [Theory]
    [InlineData("""{ "Name": 1 }""", "Name")]
    [InlineData("""{ "Status": false }""", "Status")]
    [InlineData("""{ "Email": "a@b.example" }""", "Email")]
    [InlineData("""{ "Phone": [null] }""", "Phone[0]")]
    [InlineData("""{ "BillingAddress": [] }""", "BillingAddress")]
    [InlineData("""{ "BillingAddress": { "Street": {} } }""", "BillingAddress.Street")]
    [InlineData("""{ "BillingAddress": { "Zip": "1", "zipcode": "1" } }""", "BillingAddress.Zip")]
    [InlineData("""{ "Fax": "1", "FAX": "2" }""", "FAX")]
    [InlineData("""42""", "body")]
    [InlineData("""[1, 2]""", "body")]
    public void WrongJsonTypes_AreReportedAgainstTheirField(string patch, string field) =>
        Assert.Equal([field], Errors(patch));

    [Fact]
    public void TooManyArrayEntries_AreRefusedBeforeReadingThem() =>
        Assert.Equal(["Email"], Errors("{ \"Email\": [" + string.Join(",", Enumerable.Repeat("\"a@b.example\"", 51)) + "] }"));
}
