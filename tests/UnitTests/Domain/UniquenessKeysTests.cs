using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.UnitTests.Domain;

public sealed class UniquenessKeysTests
{
    private static UniquenessKeys KeysOf(CustomerFields fields) =>
        Customer.Create(TenantId.From("t"), fields, DateTimeOffset.UtcNow).Value.UniquenessKeys;

    [Fact]
    public void CompanyNumberAndExternalId_AreComparedTrimmedAndCaseInsensitive()
    {
        var a = KeysOf(new CustomerFields { Name = "A", Type = "Customer", CompanyNumber = " acme-1", ExternalId = "Crm-9 " });
        var b = KeysOf(new CustomerFields { Name = "B", Type = "Customer", CompanyNumber = "ACME-1 ", ExternalId = " CRM-9" });

        Assert.Equal(a.CompanyNumber, b.CompanyNumber);
        Assert.Equal(a.ExternalId, b.ExternalId);
    }

    [Fact]
    public void NameAndZip_CollapsesWhitespaceAndIgnoresCaseAndZipSpaces()
    {
        var a = KeysOf(new CustomerFields { Name = "Acme   Logistics", Type = "Customer", BillingAddress = new AddressFields(null, null, null, "SW1A 1AA") });
        var b = KeysOf(new CustomerFields { Name = " acme logistics ", Type = "Customer", BillingAddress = new AddressFields("other street", null, null, " sw1a1aa ") });

        Assert.NotNull(a.NameAndBillingZip);
        Assert.Equal(a.NameAndBillingZip, b.NameAndBillingZip);
    }

    [Fact]
    public void NameAndZip_DiffersWhenTheZipDiffers()
    {
        var a = KeysOf(new CustomerFields { Name = "Acme", Type = "Customer", BillingAddress = new AddressFields(null, null, null, "10001") });
        var b = KeysOf(new CustomerFields { Name = "Acme", Type = "Customer", BillingAddress = new AddressFields(null, null, null, "10002") });

        Assert.NotEqual(a.NameAndBillingZip, b.NameAndBillingZip);
    }

    [Fact]
    public void NameAndZip_TakesNoPartWithoutABillingZip()
    {
        var keys = KeysOf(new CustomerFields { Name = "Acme", Type = "Customer", BillingAddress = new AddressFields("1 Main", "City", "NY", "  ") });

        Assert.Null(keys.NameAndBillingZip);
        Assert.Null(keys.CompanyNumber);
        Assert.Null(keys.ExternalId);
    }

    [Fact]
    public void NameAndZip_NameZipSplitCannotCollide() =>
        Assert.NotEqual(UniquenessKeys.NameAndZip("AB", "1"), UniquenessKeys.NameAndZip("A", "B1"));
}
