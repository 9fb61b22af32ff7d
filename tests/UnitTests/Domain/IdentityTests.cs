using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.UnitTests.Domain;

public sealed class IdentityTests
{
    [Theory]
    [InlineData("3a61454a41604c24adf061d8304e1177", "3a61454a41604c24adf061d8304e1177")]
    [InlineData("3A61454A41604C24ADF061D8304E1177", "3a61454a41604c24adf061d8304e1177")]
    public void CustomerId_AcceptsThe32HexForm(string candidate, string expected)
    {
        Assert.True(CustomerId.TryParse(candidate, out var id));
        Assert.Equal(expected, id.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("3a61454a41604c24adf061d8304e117")]
    [InlineData("3a61454a41604c24adf061d8304e11770")]
    [InlineData("3a61454a-4160-4c24-adf0-61d8304e1177")]
    [InlineData("../../dbs/alvys/colls/customers/x")]
    [InlineData("3a61454a41604c24adf061d8304e117g")]
    public void CustomerId_RefusesAnythingElse(string? candidate) =>
        Assert.False(CustomerId.TryParse(candidate, out _));

    [Fact]
    public void CustomerId_New_IsUniqueAnd32Hex()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => CustomerId.New().Value).ToHashSet();

        Assert.Equal(1000, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("bad\ntenant")]
    public void TenantId_RefusesBlankAndControlCharacters(string? candidate) =>
        Assert.False(TenantId.TryCreate(candidate, out _));

    [Fact]
    public void TenantId_RefusesOverlongValues()
    {
        Assert.True(TenantId.TryCreate(new string('t', TenantId.MaxLength), out _));
        Assert.False(TenantId.TryCreate(new string('t', TenantId.MaxLength + 1), out _));
    }
}
