using System.Reflection;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.UserSecrets;
using Microsoft.Extensions.FileProviders;

namespace Alvys.Customers.Api.Security;

/// <summary>
/// `dotnet user-jwts create` writes its signing key to the API's user secrets. On a machine where the user-secrets
/// folder did not exist when the API started, nothing watched it, and tokens minted afterwards were refused until
/// a restart. The folder is created first and the user-secrets source put back in its place, so that it watches.
/// </summary>
public static class DevelopmentSecrets
{
    public static void WatchUserSecrets(ConfigurationManager configuration, Assembly assembly)
    {
        if (assembly.GetCustomAttribute<UserSecretsIdAttribute>() is not { } id)
        {
            return;
        }

        var path = PathHelper.GetSecretsPathFromSecretsId(id.UserSecretsId);
        var directory = Path.GetDirectoryName(path)!;
        var sources = (IList<IConfigurationSource>)configuration.Sources;
        // With no folder to watch, AddUserSecrets added "secrets.json" with no file provider of its own, so it
        // resolves against the content root and watches a file that will never be written.
        var index = -1;
        for (var i = 0; i < sources.Count && index < 0; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: var name, FileProvider: var provider }
                && name == Path.GetFileName(path)
                && (provider as PhysicalFileProvider)?.Root.TrimEnd(Path.DirectorySeparatorChar) != directory)
            {
                index = i;
            }
        }

        if (index < 0 || Directory.Exists(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        // A new source in the same place: its file provider is made for the folder that exists now, and it watches the file.
        sources[index] = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(directory),
            Path = Path.GetFileName(path),
            Optional = true,
            ReloadOnChange = true,
        };
    }
}
