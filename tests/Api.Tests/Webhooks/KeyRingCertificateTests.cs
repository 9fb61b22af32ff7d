using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Infrastructure.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.Api.Tests.Webhooks;

/// <summary>
/// The key ring protected at rest by a certificate, mounted as Azure mounts a Key Vault certificate (its secret: the PFX in
/// base64 text): the stored keys are encrypted with it, and another replica with the same certificate reads the secrets.
/// </summary>
public sealed class KeyRingCertificateTests
{
    [Fact]
    public async Task AMountedKeyVaultCertificate_EncryptsTheStoredKeys_AndAnotherReplicaWithItUnprotects()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=alvys-customers-key-ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var mounted = Path.Combine(Path.GetTempPath(), $"keyring-{Guid.NewGuid():N}.pfx");
        await File.WriteAllTextAsync(mounted, Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12)));
        try
        {
            // A database of its own: a ring made without the certificate (the shared database's) would be used as it is.
            var settings = new Dictionary<string, string>
            {
                ["Cosmos:Database"] = $"alvys-keyring-{Guid.NewGuid():N}",
                ["Webhooks:KeyRingCertificatePath"] = mounted,
            };
            string stored;
            await using (var first = ApiFactory.With(settings, _ => { }))
            {
                _ = first.CreateClient();
                stored = first.Services.GetRequiredService<ISecretProtection>().Protect("whsec_at-rest");
                var keys = await first.Services.GetRequiredService<CosmosKeyRing>().GetAllElementsAsync(CancellationToken.None);
                var key = Assert.Single(keys).ToString();
                Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
                Assert.Contains("X509Data", key, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
            }

            await using var replica = ApiFactory.With(settings, _ => { });
            _ = replica.CreateClient();
            Assert.Equal("whsec_at-rest", replica.Services.GetRequiredService<ISecretProtection>().Unprotect(stored));
        }
        finally
        {
            File.Delete(mounted);
        }
    }

    [Fact]
    public void APfxFileAsExported_LoadsToo()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=exported", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var exported = Path.Combine(Path.GetTempPath(), $"exported-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(exported, certificate.Export(X509ContentType.Pkcs12, "pass"));
        try
        {
            using var loaded = Api.Webhooks.SecretProtectionRegistration.LoadCertificate(exported, "pass");
            Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
            Assert.True(loaded.HasPrivateKey);
        }
        finally
        {
            File.Delete(exported);
        }
    }
}
