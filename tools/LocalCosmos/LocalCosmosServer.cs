using System.Diagnostics;
using System.Text;

namespace Alvys.Customers.LocalCosmos;

/// <summary>
/// The bundled Cosmos-compatible server (<c>tools/cosmos-local</c>, a Node process) for Development and
/// tests on machines without the Cosmos DB emulator. Installs its npm packages on first use, starts it on
/// a free loopback port and stops it on dispose; it also exits by itself when this process dies, because it
/// watches the stdin pipe this process holds open.
/// </summary>
public sealed class LocalCosmosServer : IDisposable
{
    public const string DirectoryVariable = "COSMOS_LOCAL_DIR";
    private const string ReadyPrefix = "cosmos-local ready at ";

    private readonly Process _process;
    private readonly StringBuilder _errors;

    private LocalCosmosServer(Process process, Uri endpoint, StringBuilder errors)
    {
        _process = process;
        Endpoint = endpoint;
        _errors = errors;
    }

    public Uri Endpoint { get; }

    public static LocalCosmosServer Start(TimeSpan? timeout = null)
    {
        var directory = FindToolDirectory();
        EnsureInstalled(directory);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "server.js", "--port", "0", "--stop-on-stdin-close" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for the local Cosmos server.");
        var errors = new StringBuilder();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Both pipes are drained for the server's whole life so it never blocks on a full one.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("The local Cosmos server exited before it was ready."));
            }
            else if (e.Data.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(e.Data[ReadyPrefix.Length..].Trim());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (errors)
            {
                if (errors.Length < 64 * 1024)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            if (!ready.Task.Wait(timeout ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("The local Cosmos server did not report ready in time.");
            }
        }
        catch (Exception exception) when (exception is AggregateException or TimeoutException)
        {
            Kill(process);
            string stderr;
            lock (errors)
            {
                stderr = errors.ToString();
            }

            throw new InvalidOperationException($"The local Cosmos server in {directory} did not start. {stderr}".Trim(), exception);
        }

        var server = new LocalCosmosServer(process, new Uri(ready.Task.Result), errors);
        return server;
    }

    /// <summary>What the server wrote to stderr so far (bounded), for test and start-up diagnostics.</summary>
    public string ErrorOutput
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(3)))
            {
                Kill(_process);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing left to stop.
        }

        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(3));
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private static string FindToolDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.GetFullPath(configured);
        }

        foreach (var origin in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(origin); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "tools", "cosmos-local");
                if (File.Exists(Path.Combine(candidate, "server.js")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            $"tools/cosmos-local was not found above {Directory.GetCurrentDirectory()}; set {DirectoryVariable} or Cosmos:Endpoint.");
    }

    /// <summary>Runs <c>npm ci</c> once, under a file lock so that concurrent first starts do not race.</summary>
    private static void EnsureInstalled(string directory)
    {
        var marker = Path.Combine(directory, "node_modules", "@vercel", "cosmosdb-server", "package.json");
        if (File.Exists(marker))
        {
            return;
        }

        using var installLock = AcquireLock(Path.Combine(directory, ".install.lock"));
        if (File.Exists(marker))
        {
            return;
        }

        var install = new ProcessStartInfo("npm")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            install.ArgumentList.Add(argument);
        }

        using var npm = Process.Start(install) ?? throw new InvalidOperationException("Could not start npm.");
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        if (!npm.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            Kill(npm);
            throw new InvalidOperationException("npm ci for the local Cosmos server did not finish within 5 minutes.");
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci for the local Cosmos server failed ({npm.ExitCode}): {errors.Result}{output.Result}");
        }
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(6);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }
}
