using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Alvys.Customers.Infrastructure.Webhooks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Alvys.Customers.Api.Webhooks;

/// <summary>Webhook secrets protected with ASP.NET Core Data Protection, for one purpose only.</summary>
internal sealed class DataProtectedSecrets(IDataProtectionProvider provider) : ISecretProtection
{
    private readonly IDataProtector _protector = provider.CreateProtector("Alvys.Customers.Webhooks.SigningSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string stored) => _protector.Unprotect(stored);
}

/// <summary>Data Protection's repository over the key ring in Cosmos DB.</summary>
internal sealed class CosmosXmlRepository(CosmosKeyRing ring) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => ring.GetAllElements();

    public void StoreElement(XElement element, string friendlyName) => ring.StoreElement(element, friendlyName);
}

internal static partial class SecretProtectionRegistration
{
    /// <summary>
    /// Every replica protects and reads secrets with the same keys, kept in Cosmos DB. With
    /// <c>Webhooks:KeyRingCertificatePath</c> (a PFX, in Azure a Key Vault certificate mounted as a secret volume) the
    /// keys themselves are encrypted with that certificate before they are stored.
    /// </summary>
    public static IServiceCollection AddWebhookSecretProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName("alvys-customers-webhooks");
        if (configuration["Webhooks:KeyRingCertificatePath"] is { Length: > 0 } path)
        {
            builder.ProtectKeysWithCertificate(LoadCertificate(path, configuration["Webhooks:KeyRingCertificatePassword"]));
        }

        services.AddOptions<KeyManagementOptions>().Configure<CosmosKeyRing>((options, ring) => options.XmlRepository = new CosmosXmlRepository(ring));
        services.AddSingleton<ISecretProtection, DataProtectedSecrets>();
        return services;
    }

    /// <summary>
    /// A PFX file as exported (binary), or as Container Apps mounts a Key Vault certificate: the value of the certificate's
    /// secret, which is that PFX in base64 text.
    /// </summary>
    internal static X509Certificate2 LoadCertificate(string path, string? password)
    {
        var content = File.ReadAllBytes(path);
        var pfx = System.Buffers.Text.Base64.IsValid(content) ? Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(content)) : content;
        return X509CertificateLoader.LoadPkcs12(pfx, password);
    }
}
