using System.Runtime.CompilerServices;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// The API hosts of these tests share one process and its thread pool with the tests themselves, and some fixtures
/// block a pool thread while a server process starts (the local Cosmos server, redis-server). On two cores the pool
/// starts with two threads and adds about one a second, so a few blocked fixtures can hold back a host's timers and
/// continuations for seconds, and a request deadline of 2 s fires late: a silent-database GET of DatabaseFaultTests
/// answered its 503 after 7.0 s in two full-suite runs out of five, never when run alone — the likely cause, not a
/// proven one. A production host has no such neighbours; the pool here starts wide enough for them.
/// </summary>
internal static class TestThreadPool
{
    [ModuleInitializer]
    internal static void StartWide()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completionPorts, 32));
    }
}
