using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.UnitTests.Domain;

public sealed class UniquenessKeysTests
{
    private static UniquenessKeys KeysOf(CustomerPatch fields) =>
        Customer.Create(TenantId.From("t"), fields, DateTimeOffset.UtcNow).Value.UniquenessKeys;

    [Fact]
    public void CompanyNumberAndExternalId_AreComparedTrimmedAndCaseInsensitive()
    {
        var a = KeysOf(new CustomerPatch { Name = "A", Type = CustomerType.Customer, CompanyNumber = " acme-1", ExternalId = "Crm-9 " });
        var b = KeysOf(new CustomerPatch { Name = "B", Type = CustomerType.Customer, CompanyNumber = "ACME-1 ", ExternalId = " CRM-9" });

        Assert.Equal(a.CompanyNumber, b.CompanyNumber);
        Assert.Equal(a.ExternalId, b.ExternalId);
    }

    [Fact]
    public void NameAndZip_CollapsesWhitespaceAndIgnoresCaseAndZipSpaces()
    {
        var a = KeysOf(new CustomerPatch { Name = "Acme   Logistics", Type = CustomerType.Customer, BillingAddress = new AddressPatch { Street = null, City = null, State = null, Zip = "SW1A 1AA" } });
        var b = KeysOf(new CustomerPatch { Name = " acme logistics ", Type = CustomerType.Customer, BillingAddress = new AddressPatch { Street = "other street", City = null, State = null, Zip = " sw1a1aa " } });

        Assert.NotNull(a.NameAndBillingZip);
        Assert.Equal(a.NameAndBillingZip, b.NameAndBillingZip);
    }

    [Fact]
    public void NameAndZip_DiffersWhenTheZipDiffers()
    {
        var a = KeysOf(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer, BillingAddress = new AddressPatch { Street = null, City = null, State = null, Zip = "10001" } });
        var b = KeysOf(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer, BillingAddress = new AddressPatch { Street = null, City = null, State = null, Zip = "10002" } });

        Assert.NotEqual(a.NameAndBillingZip, b.NameAndBillingZip);
    }

    [Fact]
    public void NameAndZip_TakesNoPartWithoutABillingZip()
    {
        var keys = KeysOf(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer, BillingAddress = new AddressPatch { Street = "1 Main", City = "City", State = "NY", Zip = "  " } });

        Assert.Null(keys.NameAndBillingZip);
        Assert.Null(keys.CompanyNumber);
        Assert.Null(keys.ExternalId);
    }

    [Fact]
    public void NameAndZip_NameZipSplitCannotCollide() =>
        Assert.NotEqual(UniquenessKeys.NameAndZip("AB", "1"), UniquenessKeys.NameAndZip("A", "B1"));
}
