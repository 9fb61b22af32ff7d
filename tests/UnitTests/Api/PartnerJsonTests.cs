using System.Text.Json;
using Alvys.Customers.Api.Http;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.UnitTests.Api;

/// <summary>A body read into a typed merge patch with the API's JSON options: each member absent, null or a value.</summary>
public sealed class PartnerJsonTests
{
    private static readonly JsonSerializerOptions Options = Configured();

    private static JsonSerializerOptions Configured()
    {
        var options = new JsonSerializerOptions();
        PartnerJson.Configure(options);
        return options;
    }

    private static CustomerPatch Read(string json) => JsonSerializer.Deserialize<CustomerPatch>(json, Options)!;

    private static string PathOfTheFailure(string json) => Assert.Throws<JsonException>(() => Read(json)).Path!;

    [Fact]
    public void MembersLeftOut_AreAbsent_NullMembersAreNull_ValuesAreValues()
    {
        var patch = Read("""{ "Name": "Acme", "Fax": null, "BillingAddress": { "City": null, "Zip": "10001" }, "Email": [] }""");

        Assert.Equal("Acme", patch.Name.Value);
        Assert.Equal(Optional<string>.Null, patch.Fax);
        Assert.False(patch.CompanyNumber.IsPresent);
        Assert.False(patch.Type.IsPresent);
        Assert.Equal(Optional<string>.Null, patch.BillingAddress.Value.City);
        Assert.False(patch.BillingAddress.Value.Street.IsPresent);
        Assert.Equal("10001", patch.BillingAddress.Value.Zip.Value);
        Assert.Empty(patch.Email.Value);
    }

    [Fact]
    public void MemberNames_MatchInAnyLetterCase_AndReadOnlyOrUnknownMembersAreIgnored()
    {
        var patch = Read("""{ "nAmE": "x", "billingADDRESS": { "zipcode": "1" }, "EXTERNALID": "e", "Id": "y", "Notes": [], "Whatever": {} }""");

        Assert.Equal("x", patch.Name.Value);
        Assert.Equal("1", patch.BillingAddress.Value.ZipCode.Value);
        Assert.Equal("e", patch.ExternalId.Value);
    }

    [Theory]
    [InlineData("Customer", CustomerType.Customer)]
    [InlineData("Broker/3PL", CustomerType.BrokerOr3PL)]
    [InlineData("broker/3pl", CustomerType.BrokerOr3PL)]
    public void Type_IsReadByItsWireName_InAnyLetterCase(string name, CustomerType expected) =>
        Assert.Equal(expected, Read($$"""{ "Type": "{{name}}" }""").Type.Value);

    [Theory]
    [InlineData("""{ "Type": "Shipper" }""", "$.Type")]
    [InlineData("""{ "Type": 0 }""", "$.Type")]
    [InlineData("""{ "Status": "Archived" }""", "$.Status")]
    [InlineData("""{ "Name": 1 }""", "$.Name")]
    [InlineData("""{ "Email": "a@b.example" }""", "$.Email")]
    [InlineData("""{ "Phone": ["1", 2] }""", "$.Phone[1]")]
    [InlineData("""{ "BillingAddress": { "Street": {} } }""", "$.BillingAddress.Street")]
    public void AValueOfTheWrongKind_IsRefusedAtItsPath(string json, string path) =>
        Assert.Equal(path, PathOfTheFailure(json));

    /// <summary>System.Text.Json's duplicate check is per member, so it also catches names that differ only in letter case.</summary>
    [Theory]
    [InlineData("""{ "Fax": "1", "Fax": "2" }""")]
    [InlineData("""{ "Fax": "1", "FAX": "2" }""")]
    [InlineData("""{ "BillingAddress": { "City": "a", "city": "b" } }""")]
    public void AMemberGivenTwice_InAnyLetterCase_IsRefused(string json) =>
        Assert.Contains("Duplicate", Assert.Throws<JsonException>(() => Read(json)).Message, StringComparison.Ordinal);
}
