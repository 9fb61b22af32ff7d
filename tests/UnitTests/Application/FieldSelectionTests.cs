using Alvys.Customers.Application.Customers;

namespace Alvys.Customers.UnitTests.Application;

public sealed class FieldSelectionTests
{
    [Fact]
    public void TheNames_AreTheMembersOfACustomerAsRead_InTheOrderItIsWritten() =>
        Assert.Equal(
            ["Id", "Name", "CompanyNumber", "Type", "Status", "BillingAddress", "Email", "Phone", "Fax", "DateCreated",
             "InvoicingInformation", "ExternalIds", "Contacts", "Notes", "ETag", "DateModified"],
            FieldSelection.Names);

    [Fact]
    public void ASelection_ReadsNamesTrimmedInAnyLetterCase_AndAlwaysHoldsIdAndETag()
    {
        var selection = FieldSelection.Parse(" name ,PHONE,Name");

        Assert.NotNull(selection);
        Assert.Equal(["ETag", "Id", "Name", "Phone"], selection.Members.Order(StringComparer.Ordinal));
        Assert.Null(FieldSelection.Problem(" name ,PHONE,Name"));
    }

    [Fact]
    public void NoParameter_SelectsEveryMember()
    {
        Assert.Null(FieldSelection.Parse(null));
        Assert.Null(FieldSelection.Problem(null));
    }

    [Theory]
    [InlineData("Nmae", "'Nmae'")]
    [InlineData("Name,keys", "'keys'")]
    [InlineData("", "no member")]
    [InlineData("Name,,Fax", "no member")]
    [InlineData("ExternalId", "'ExternalId'")]
    public void ANameThatIsNoMember_IsAProblemNamingItAndListingTheNames(string fields, string named)
    {
        var problem = FieldSelection.Problem(fields);

        Assert.NotNull(problem);
        Assert.Contains(named, problem, StringComparison.Ordinal);
        Assert.All(FieldSelection.Names, name => Assert.Contains(name, problem, StringComparison.Ordinal));
        Assert.Null(FieldSelection.Parse(fields));
    }
}
