using System.Text;
using Alvys.Customers.Infrastructure.Webhooks;

namespace Alvys.Customers.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"a":1}""");

    // Known answers from an independent implementation:
    // printf '1700000000.cust.7.{"a":1}' | openssl dgst -sha256 -hmac 'whsec_test'   (and -hmac 'whsec_old')
    private const string WithTest = "8840ce4e4da8ca0afe8674c6969c71b3649790dc6b59a6f433cfe9886876fbf8";
    private const string WithOld = "1061df9677abad73d43d229bf48d36235acb384e8a2abed49a5a93ddd8eb50ac";

    [Fact]
    public void Sign_IsHmacSha256OfTimestampEventIdAndBody_InLowerCaseHex() =>
        Assert.Equal(WithTest, WebhookSignature.Sign("whsec_test", 1700000000, "cust.7", Body));

    [Fact]
    public void Header_CarriesV1_AndV0DuringARotation()
    {
        Assert.Equal($"t=1700000000,v1={WithTest}", WebhookSignature.Header(1700000000, "cust.7", Body, "whsec_test", previousSecret: null));
        Assert.Equal($"t=1700000000,v1={WithTest},v0={WithOld}", WebhookSignature.Header(1700000000, "cust.7", Body, "whsec_test", "whsec_old"));
    }

    [Fact]
    public void EveryPartOfTheMessage_ChangesTheSignature()
    {
        Assert.NotEqual(WithTest, WebhookSignature.Sign("whsec_test", 1700000001, "cust.7", Body));
        Assert.NotEqual(WithTest, WebhookSignature.Sign("whsec_test", 1700000000, "cust.8", Body));
        Assert.NotEqual(WithTest, WebhookSignature.Sign("whsec_test", 1700000000, "cust.7", Encoding.UTF8.GetBytes("""{"a":2}""")));
        Assert.NotEqual(WithTest, WebhookSignature.Sign("whsec_tesT", 1700000000, "cust.7", Body));
    }
}
