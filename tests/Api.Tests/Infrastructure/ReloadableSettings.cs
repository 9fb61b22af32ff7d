using Microsoft.Extensions.Configuration;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// A configuration source a test can change while the API runs, raising the reload token exactly as a
/// reloaded appsettings file or Azure App Configuration refresh does.
/// </summary>
public sealed class ReloadableSettings : IConfigurationSource
{
    private readonly Provider _provider = new();

    public IConfigurationProvider Build(IConfigurationBuilder builder) => _provider;

    public void Set(string key, string? value)
    {
        _provider.Set(key, value);
        _provider.Reload();
    }

    private sealed class Provider : ConfigurationProvider
    {
        public void Reload() => OnReload();
    }
}
