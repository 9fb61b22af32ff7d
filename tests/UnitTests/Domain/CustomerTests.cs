using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.UnitTests.Domain;

public sealed class CustomerTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");
    private static readonly DateTimeOffset Now = new(2024, 10, 1, 12, 30, 45, TimeSpan.Zero);

    private static CustomerPatch Valid => new() { Name = "Acme Logistics", Type = CustomerType.Customer };

    private static Customer CreateValid(CustomerPatch? fields = null)
    {
        var result = Customer.Create(Tenant, fields ?? Valid, Now);
        Assert.True(result.IsSuccess, string.Join("; ", InvalidFields(result.Failure)));
        return result.Value;
    }

    private static string[] ErrorFields(CustomerPatch fields) => InvalidFields(Customer.Create(Tenant, fields, Now).Failure);

    private static string[] InvalidFields(CustomerFailure? failure) =>
        failure is CustomerFailure.Invalid invalid ? invalid.Errors.Select(e => e.Identifier).ToArray() : [];

    /// <summary>Every writable field sent back as it is stored: what a partner that PUTs what it read sends.</summary>
    private static CustomerPatch AsStored(Customer customer) => new()
    {
        Name = customer.Name.Value,
        Type = customer.Type,
        CompanyNumber = customer.CompanyNumber?.Value,
        Status = customer.Status,
        BillingAddress = customer.BillingAddress is { } address
            ? new AddressPatch { Street = address.Street, City = address.City, State = address.State, Zip = address.ZipCode }
            : Optional<AddressPatch>.Null,
        Email = customer.Emails.Select(e => e.Value).ToArray(),
        Phone = customer.Phones.Select(p => p.Value).ToArray(),
        Fax = customer.Fax?.Value,
        ExternalId = customer.ExternalId?.Value,
    };

    private static Outcome<bool> Apply(Customer customer, CustomerPatch patch, DateTimeOffset now) => customer.Apply(patch, now);

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
            Email = new string?[] { " a@acme.example " },
            BillingAddress = new AddressPatch { Street = " 1 Main ", City = null, State = "", Zip = " 10001 " },
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

    [Fact]
    public void Create_WithoutAType_IsInvalidOnType()
    {
        Assert.Equal(["Type"], ErrorFields(Valid with { Type = Optional<CustomerType>.Absent }));
        Assert.Equal(["Type"], ErrorFields(Valid with { Type = Optional<CustomerType>.Null }));
    }

    [Theory]
    [InlineData(CustomerType.Customer)]
    [InlineData(CustomerType.BrokerOr3PL)]
    public void Type_AcceptsBothBusinessCompanyTypes(CustomerType type) =>
        Assert.Equal(type, CreateValid(Valid with { Type = type }).Type);

    [Fact]
    public void Create_StartsActive_UnlessItSaysInactive()
    {
        Assert.Equal(CustomerStatus.Active, CreateValid(Valid with { Status = Optional<CustomerStatus>.Null }).Status);
        Assert.Equal(CustomerStatus.Inactive, CreateValid(Valid with { Status = CustomerStatus.Inactive }).Status);
    }

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
        Assert.Equal(["Email[1]"], ErrorFields(Valid with { Email = new string?[] { "ok@acme.example", email } }));

    [Fact]
    public void Email_TooManyEntries_IsInvalid() =>
        Assert.Equal(["Email"], ErrorFields(Valid with { Email = Enumerable.Range(0, 51).Select(i => $"u{i}@acme.example").ToArray() }));

    [Fact]
    public void Create_ReportsEveryInvalidFieldAtOnce() =>
        Assert.Equal(
            ["Name", "Type", "CompanyNumber", "ExternalId", "Email[0]"],
            ErrorFields(new CustomerPatch { Name = " ", CompanyNumber = "N/A", ExternalId = new string('e', 101), Email = new string?[] { "nope" } }));

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

        var changed = Apply(customer, new CustomerPatch { Status = CustomerStatus.Active }, Now.AddMinutes(1));

        Assert.True(changed.Value);
        Assert.Equal(CustomerStatus.Active, customer.Status);
    }

    [Fact]
    public void Apply_OfTheSameFields_ReportsNoChangeAndKeepsDateModified()
    {
        var customer = CreateValid(Valid with { Email = new string?[] { "a@acme.example" }, CompanyNumber = "ACME-1" });

        var changed = Apply(customer, AsStored(customer), Now.AddHours(1));

        Assert.True(changed.IsSuccess);
        Assert.False(changed.Value);
        Assert.Equal(Now, customer.DateModified);
    }

    [Fact]
    public void Apply_Invalid_LeavesTheCustomerUnchanged()
    {
        var customer = CreateValid(Valid with { CompanyNumber = "ACME-1" });

        var result = Apply(customer, AsStored(customer) with { Name = Optional<string>.Null, CompanyNumber = "OTHER" }, Now.AddHours(1));

        Assert.False(result.IsSuccess);
        Assert.Equal(["Name"], InvalidFields(result.Failure));
        Assert.Equal("Acme Logistics", customer.Name.Value);
        Assert.Equal("ACME-1", customer.CompanyNumber!.Value);
    }

    [Fact]
    public void Apply_NullType_IsInvalid() =>
        Assert.Equal(["Type"], InvalidFields(Apply(CreateValid(), new CustomerPatch { Type = Optional<CustomerType>.Null }, Now).Failure));

    /// <summary>A customer stored before today's rules (or by Alvys users): a placeholder CompanyNumber, a bad email, a 300-character street.</summary>
    private static Customer StoredUnderOlderRules() => Customer.Rehydrate(new StoredCustomerState(
        CustomerId.New(), Tenant, WritableFields.Rehydrate("Legacy Freight", CustomerType.Customer, "N/A", CustomerStatus.Active,
        Address.Rehydrate(new string('s', 300), "Springfield", null, "62701"), ["not-an-email"], ["555"], null, null),
        Now, Now, null, null, [], []));

    [Fact]
    public void Apply_OnAnotherField_OfACustomerThatBreaksANewerRule_Succeeds_AndKeepsWhatItDidNotTouch()
    {
        var customer = StoredUnderOlderRules();

        var result = customer.Apply(new CustomerPatch
        {
            Fax = ("555-0100"),
            BillingAddress = (new AddressPatch { City = ("Chicago") }),
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
            CompanyNumber = ("TBD"),
            Email = new string?[] { "still-not-an-email" },
            BillingAddress = (new AddressPatch { State = (new string('x', 201)) }),
        }, Now.AddMinutes(1));

        Assert.Equal(["CompanyNumber", "BillingAddress.State", "Email[0]"], InvalidFields(result.Failure));
        Assert.Equal("Springfield", customer.BillingAddress!.City);
        Assert.Null(customer.BillingAddress.State);
        Assert.Equal(Now, customer.DateModified);
    }
}
