using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.UnitTests.Domain;

public sealed class CustomerTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");
    private static readonly DateTimeOffset Now = new(2024, 10, 1, 12, 30, 45, TimeSpan.Zero);

    private static CustomerFields Valid => new() { Name = "Acme Logistics", Type = "Customer" };

    private static Customer CreateValid(CustomerFields? fields = null)
    {
        var result = Customer.Create(Tenant, fields ?? Valid, Now);
        Assert.True(result.IsSuccess, string.Join("; ", InvalidFields(result.Failure)));
        return result.Value;
    }

    private static string[] ErrorFields(CustomerFields fields) => InvalidFields(Customer.Create(Tenant, fields, Now).Failure);

    private static string[] InvalidFields(CustomerFailure? failure) =>
        failure is CustomerFailure.Invalid invalid ? invalid.Errors.Select(e => e.Identifier).ToArray() : [];

    private static Outcome<bool> Apply(Customer customer, CustomerFields fields, DateTimeOffset now) =>
        customer.Apply(CustomerPatch.Replacing(fields), now);

    [Fact]
    public void Create_WithNameAndType_IsActiveWithAServerId()
    {
        var customer = CreateValid();

        Assert.Matches("^[0-9a-f]{32}$", customer.Id.Value);
        Assert.Equal(CustomerStatus.Active, customer.Status);
        Assert.Equal(Now, customer.DateCreated);
        Assert.Equal(Now, customer.DateModified);
        Assert.Equal(Tenant, customer.TenantId);
        Assert.Empty(customer.Emails);
        Assert.Empty(customer.Contacts);
        Assert.Empty(customer.Notes);
    }

    [Fact]
    public void Create_TrimsWritableValues()
    {
        var customer = CreateValid(Valid with
        {
            Name = "  Acme  ",
            CompanyNumber = " ACME-1 ",
            ExternalId = " crm-1 ",
            Email = [" a@acme.example "],
            BillingAddress = new AddressFields(" 1 Main ", null, "", " 10001 "),
        });

        Assert.Equal("Acme", customer.Name.Value);
        Assert.Equal("ACME-1", customer.CompanyNumber!.Value);
        Assert.Equal("crm-1", customer.ExternalId!.Value);
        Assert.Equal(["a@acme.example"], customer.Emails.Select(e => e.Value));
        Assert.Equal(Address.Rehydrate("1 Main", null, null, "10001"), customer.BillingAddress);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Tab\tinside")]
    public void Create_WithoutAUsableName_IsInvalidOnName(string? name) =>
        Assert.Equal(["Name"], ErrorFields(Valid with { Name = name }));

    [Fact]
    public void Name_Of200Characters_IsAccepted_And201_IsNot()
    {
        Assert.Empty(ErrorFields(Valid with { Name = new string('n', 200) }));
        Assert.Equal(["Name"], ErrorFields(Valid with { Name = new string('n', 201) }));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Carrier")]
    [InlineData("Broker")]
    public void Create_WithoutAKnownType_IsInvalidOnType(string? type) =>
        Assert.Equal(["Type"], ErrorFields(Valid with { Type = type }));

    [Theory]
    [InlineData("Customer", CustomerType.Customer)]
    [InlineData("Broker/3PL", CustomerType.BrokerOr3PL)]
    [InlineData("broker/3pl", CustomerType.BrokerOr3PL)]
    public void Type_AcceptsBothBusinessCompanyTypes(string type, CustomerType expected) =>
        Assert.Equal(expected, CreateValid(Valid with { Type = type }).Type);

    [Theory]
    [InlineData("Deleted")]
    [InlineData("")]
    public void Create_WithAnUnknownStatus_IsInvalidOnStatus(string status) =>
        Assert.Equal(["Status"], ErrorFields(Valid with { Status = status }));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("000000")]
    [InlineData("XXX")]
    [InlineData("---")]
    [InlineData("n/a")]
    [InlineData(" NA ")]
    [InlineData("None")]
    [InlineData("null")]
    [InlineData("NIL")]
    [InlineData("tbd")]
    [InlineData("TBA")]
    [InlineData("Unknown")]
    [InlineData("PENDING")]
    [InlineData("placeholder")]
    [InlineData("Dummy")]
    [InlineData("TEST")]
    [InlineData("temp")]
    [InlineData("Default")]
    [InlineData("?")]
    public void CompanyNumber_Placeholder_IsRefused(string placeholder) =>
        Assert.Equal(["CompanyNumber"], ErrorFields(Valid with { CompanyNumber = placeholder }));

    [Theory]
    [InlineData("ACME-1")]
    [InlineData("7")]
    [InlineData("TEST-42")]
    [InlineData("001")]
    public void CompanyNumber_RealValue_IsAccepted(string companyNumber) =>
        Assert.Equal(companyNumber, CreateValid(Valid with { CompanyNumber = companyNumber }).CompanyNumber!.Value);

    [Fact]
    public void CompanyNumber_Of32Characters_IsAccepted_And33_IsNot()
    {
        Assert.Empty(ErrorFields(Valid with { CompanyNumber = "C" + new string('1', 31) }));
        Assert.Equal(["CompanyNumber"], ErrorFields(Valid with { CompanyNumber = "C" + new string('1', 32) }));
    }

    [Fact]
    public void ExternalId_Of100Characters_IsAccepted_And101_IsNot()
    {
        Assert.Empty(ErrorFields(Valid with { ExternalId = new string('e', 100) }));
        Assert.Equal(["ExternalId"], ErrorFields(Valid with { ExternalId = new string('e', 101) }));
    }

    [Theory]
    [InlineData("plainaddress")]
    [InlineData("@acme.example")]
    [InlineData("a@b")]
    [InlineData("Joe <joe@acme.example>")]
    [InlineData("two words@acme.example")]
    [InlineData("")]
    public void Email_NotAnAddress_IsInvalidAtItsIndex(string email) =>
        Assert.Equal(["Email[1]"], ErrorFields(Valid with { Email = ["ok@acme.example", email] }));

    [Fact]
    public void Email_TooManyEntries_IsInvalid() =>
        Assert.Equal(["Email"], ErrorFields(Valid with { Email = Enumerable.Range(0, 51).Select(i => $"u{i}@acme.example").ToArray() }));

    [Fact]
    public void Create_ReportsEveryInvalidFieldAtOnce() =>
        Assert.Equal(
            ["Name", "Type", "Status", "CompanyNumber", "ExternalId"],
            ErrorFields(new CustomerFields { Name = " ", Type = "X", Status = "Gone", CompanyNumber = "N/A", ExternalId = new string('e', 101) }));

    [Fact]
    public void SoftDelete_MakesTheCustomerInactiveAndKeepsItsCompanyNumber()
    {
        var customer = CreateValid(Valid with { CompanyNumber = "ACME-1" });
        var later = Now.AddMinutes(5);

        Assert.True(customer.SoftDelete(later));

        Assert.Equal(CustomerStatus.Inactive, customer.Status);
        Assert.True(customer.IsSoftDeleted);
        Assert.Equal("ACME-1", customer.CompanyNumber!.Value);
        Assert.Equal("ACME-1", customer.UniquenessKeys.CompanyNumber);
        Assert.Equal(later, customer.DateModified);
    }

    [Fact]
    public void SoftDelete_OfAnInactiveCustomer_ChangesNothing()
    {
        var customer = CreateValid();
        customer.SoftDelete(Now.AddMinutes(1));

        Assert.False(customer.SoftDelete(Now.AddMinutes(2)));
        Assert.Equal(Now.AddMinutes(1), customer.DateModified);
    }

    [Fact]
    public void Apply_StatusActive_RestoresASoftDeletedCustomer()
    {
        var customer = CreateValid();
        customer.SoftDelete(Now);

        var changed = Apply(customer, customer.WritableFields with { Status = "Active" }, Now.AddMinutes(1));

        Assert.True(changed.Value);
        Assert.Equal(CustomerStatus.Active, customer.Status);
    }

    [Fact]
    public void Apply_OfTheSameFields_ReportsNoChangeAndKeepsDateModified()
    {
        var customer = CreateValid(Valid with { Email = ["a@acme.example"], CompanyNumber = "ACME-1" });

        var changed = Apply(customer, customer.WritableFields, Now.AddHours(1));

        Assert.True(changed.IsSuccess);
        Assert.False(changed.Value);
        Assert.Equal(Now, customer.DateModified);
    }

    [Fact]
    public void Apply_Invalid_LeavesTheCustomerUnchanged()
    {
        var customer = CreateValid(Valid with { CompanyNumber = "ACME-1" });

        var result = Apply(customer, customer.WritableFields with { Name = null, CompanyNumber = "OTHER" }, Now.AddHours(1));

        Assert.False(result.IsSuccess);
        Assert.Equal(["Name"], InvalidFields(result.Failure));
        Assert.Equal("Acme Logistics", customer.Name.Value);
        Assert.Equal("ACME-1", customer.CompanyNumber!.Value);
    }

    [Fact]
    public void Apply_NullType_IsInvalid() =>
        Assert.Equal(["Type"], InvalidFields(Apply(CreateValid(), CreateValid().WritableFields with { Type = null }, Now).Failure));

    /// <summary>A customer stored before today's rules (or by Alvys users): a placeholder CompanyNumber, a bad email, a 300-character street.</summary>
    private static Customer StoredUnderOlderRules() => Customer.Rehydrate(new StoredCustomerState(
        CustomerId.New(), Tenant, "Legacy Freight", CustomerType.Customer, "N/A", CustomerStatus.Active,
        Address.Rehydrate(new string('s', 300), "Springfield", null, "62701"), ["not-an-email"], ["555"], null, null,
        Now, Now, null, null, [], []));

    [Fact]
    public void Apply_OnAnotherField_OfACustomerThatBreaksANewerRule_Succeeds_AndKeepsWhatItDidNotTouch()
    {
        var customer = StoredUnderOlderRules();

        var result = customer.Apply(new CustomerPatch
        {
            Fax = PatchValue<string>.Set("555-0100"),
            BillingAddress = PatchValue<AddressPatch>.Set(new AddressPatch { City = PatchValue<string>.Set("Chicago") }),
        }, Now.AddMinutes(1));

        Assert.True(result.IsSuccess, string.Join("; ", InvalidFields(result.Failure)));
        Assert.True(result.Value);
        Assert.Equal("555-0100", customer.Fax!.Value);
        Assert.Equal("Chicago", customer.BillingAddress!.City);
        Assert.Equal(new string('s', 300), customer.BillingAddress.Street);
        Assert.Equal("N/A", customer.CompanyNumber!.Value);
        Assert.Equal(["not-an-email"], customer.Emails.Select(e => e.Value));
    }

    [Fact]
    public void Apply_CannotPatchACustomerIntoAViolation()
    {
        var customer = StoredUnderOlderRules();

        var result = customer.Apply(new CustomerPatch
        {
            CompanyNumber = PatchValue<string>.Set("TBD"),
            Email = PatchValue<IReadOnlyList<string>>.Set(["still-not-an-email"]),
            BillingAddress = PatchValue<AddressPatch>.Set(new AddressPatch { State = PatchValue<string>.Set(new string('x', 201)) }),
        }, Now.AddMinutes(1));

        Assert.Equal(["CompanyNumber", "BillingAddress.State", "Email[0]"], InvalidFields(result.Failure));
        Assert.Equal("Springfield", customer.BillingAddress!.City);
        Assert.Null(customer.BillingAddress.State);
        Assert.Equal(Now, customer.DateModified);
    }
}
