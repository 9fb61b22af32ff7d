using System.Diagnostics;
using System.Text.Json;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.ArchitectureTests;

/// <summary>
/// The customers and webhooks containers that Azure gets from Bicep must be the ones the service creates for itself in
/// Development: same partition key, unique keys and indexing policy. The Bicep is compiled with the real
/// Bicep CLI (NuGet package Azure.Bicep.CommandLine.linux-x64) and the resulting ARM template is compared.
/// </summary>
public sealed class ContainerPolicyTests
{
    private const string ContainerType = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";

    /// <summary>Partition key, unique keys and indexing as comparable text, one fact per line.</summary>
    private static string[] Describe(
        IEnumerable<string> partitionKeyPaths,
        int partitionKeyVersion,
        IEnumerable<IEnumerable<string>> uniqueKeys,
        string indexingMode,
        bool automatic,
        IEnumerable<string> included,
        IEnumerable<string> excluded,
        IEnumerable<IEnumerable<(string Path, string Order)>> composites,
        int? defaultTtl) =>
    [
        $"defaultTtl: {defaultTtl?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off"}",
        $"partitionKey: {string.Join(",", partitionKeyPaths)} v{partitionKeyVersion}",
        .. uniqueKeys.Select(k => $"uniqueKey: {string.Join(",", k)}").Order(StringComparer.Ordinal),
        $"indexingMode: {indexingMode.ToLowerInvariant()} automatic: {automatic}",
        .. included.Select(p => $"included: {p}").Order(StringComparer.Ordinal),
        .. excluded.Where(p => p != "/\"_etag\"/?").Select(p => $"excluded: {p}").Order(StringComparer.Ordinal),
        .. composites.Select(c => "composite: " + string.Join(", ", c.Select(p => $"{p.Path} {p.Order.ToLowerInvariant()}"))).Order(StringComparer.Ordinal),
    ];

    private static string[] DescribeCode() => DescribeCode(CustomerContainerDefinition.Build("customers"));

    private static string[] DescribeCode(ContainerProperties properties)
    {
        var policy = properties.IndexingPolicy;
        return Describe(
            properties.PartitionKeyPaths,
            properties.PartitionKeyDefinitionVersion == PartitionKeyDefinitionVersion.V2 ? 2 : 1,
            properties.UniqueKeyPolicy.UniqueKeys.Select(k => k.Paths.AsEnumerable()),
            policy.IndexingMode.ToString(),
            policy.Automatic,
            policy.IncludedPaths.Select(p => p.Path),
            policy.ExcludedPaths.Select(p => p.Path),
            policy.CompositeIndexes.Select(c => c.Select(p => (p.Path, p.Order.ToString()))),
            properties.DefaultTimeToLive);
    }

    private static string[] DescribeBicep(JsonElement resource)
    {
        var container = resource.GetProperty("properties").GetProperty("resource");
        var partitionKey = container.GetProperty("partitionKey");
        var indexing = container.GetProperty("indexingPolicy");
        return Describe(
            partitionKey.GetProperty("paths").EnumerateArray().Select(p => p.GetString()!),
            partitionKey.TryGetProperty("version", out var version) ? version.GetInt32() : 1,
            container.GetProperty("uniqueKeyPolicy").GetProperty("uniqueKeys").EnumerateArray()
                .Select(k => k.GetProperty("paths").EnumerateArray().Select(p => p.GetString()!)),
            indexing.GetProperty("indexingMode").GetString()!,
            indexing.GetProperty("automatic").GetBoolean(),
            indexing.GetProperty("includedPaths").EnumerateArray().Select(p => p.GetProperty("path").GetString()!),
            indexing.GetProperty("excludedPaths").EnumerateArray().Select(p => p.GetProperty("path").GetString()!),
            indexing.GetProperty("compositeIndexes").EnumerateArray()
                .Select(c => c.EnumerateArray().Select(p => (p.GetProperty("path").GetString()!, p.GetProperty("order").GetString()!))),
            container.TryGetProperty("defaultTtl", out var ttl) ? ttl.GetInt32() : null);
    }

    [Fact]
    public void BicepContainers_EqualTheContainersTheCodeCreates()
    {
        var template = Bicep.Build(Path.Combine(Bicep.RepositoryRoot, "infra", "modules", "cosmos.bicep"));
        var containers = Bicep.FindResources(template, ContainerType).ToArray();

        Assert.Equal(3, containers.Length);
        Assert.Equal(DescribeCode(), DescribeBicep(Named(containers, "containerName")));
        Assert.Equal(DescribeCode(WebhookContainerDefinition.Build("webhooks")), DescribeBicep(Named(containers, "webhooksContainerName")));
        Assert.Equal(DescribeCode(LeaseContainerDefinition.Build("leases")), DescribeBicep(Named(containers, "leasesContainerName")));
    }

    /// <summary>The container whose id is the module's parameter <paramref name="parameter"/>.</summary>
    private static JsonElement Named(IEnumerable<JsonElement> containers, string parameter) =>
        containers.Single(c => c.GetProperty("properties").GetProperty("resource").GetProperty("id").GetString() == $"[parameters('{parameter}')]");

    [Fact]
    public void Comparison_FailsWhenThePoliciesDiffer()
    {
        var template = Bicep.Build(Path.Combine(Bicep.RepositoryRoot, "infra", "modules", "cosmos.bicep"));
        var container = Named(Bicep.FindResources(template, ContainerType), "containerName");
        var altered = JsonDocument.Parse(container.GetRawText().Replace("/keys/nameZip", "/keys/name", StringComparison.Ordinal)).RootElement;

        Assert.NotEqual(DescribeCode(), DescribeBicep(altered));
    }

    [Fact]
    public void MainTemplate_CompilesWithTheContainerModule()
    {
        var template = Bicep.Build(Path.Combine(Bicep.RepositoryRoot, "infra", "main.bicep"));

        Assert.Equal(3, Bicep.FindResources(template, ContainerType).Count());
    }
}

/// <summary>Runs the Bicep CLI that NuGet restored for this project.</summary>
internal static class Bicep
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static JsonElement Build(string bicepFile)
    {
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", bicepFile, "--stdout" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "bicep build timed out");
        Assert.True(process.ExitCode == 0, $"bicep build {bicepFile} failed: {errors.Result}");
        Assert.True(string.IsNullOrWhiteSpace(errors.Result), $"bicep build {bicepFile} warned: {errors.Result}");
        return JsonDocument.Parse(output.Result).RootElement;
    }

    /// <summary>Every resource of <paramref name="type"/>, nested deployments included, in either template language version.</summary>
    public static IEnumerable<JsonElement> FindResources(JsonElement element, string type)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == type)
            {
                yield return element;
            }

            foreach (var property in element.EnumerateObject())
            {
                foreach (var found in FindResources(property.Value, type))
                {
                    yield return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var found in FindResources(item, type))
                {
                    yield return found;
                }
            }
        }
    }

    private static string Executable()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "azure.bicep.commandline.linux-x64", "0.49.2", "tools", "bicep");
        Assert.True(File.Exists(path), $"The Bicep CLI is restored by this project's PackageDownload; not found at {path}.");
        return path;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Alvys.Customers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Alvys.Customers.sln not found above the test output.");
    }
}
