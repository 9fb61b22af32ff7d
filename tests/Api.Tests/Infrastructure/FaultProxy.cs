using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on loopback between the API and a Cosmos server, that a test can turn faulty: <see cref="Mode.Pass"/>
/// forwards bytes; <see cref="Mode.Silent"/> drops every open connection and accepts new ones without ever
/// answering (a database that went away); <see cref="Mode.Throttle"/> answers every HTTP request itself with
/// Cosmos's 429 (a database out of request units). The server behind keeps its data throughout.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    public enum Mode
    {
        Pass,
        Silent,
        Throttle,
    }

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;
    private volatile Mode _mode = Mode.Pass;

    public FaultProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Endpoint { get; }

    public void Set(Mode mode)
    {
        _mode = mode;
        // Connections opened under the old mode must not carry it on: the client reconnects under the new one.
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
            _connections.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
        }

        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(client);
            }

            _ = _mode switch
            {
                Mode.Pass => ForwardAsync(client),
                Mode.Throttle => ThrottleAsync(client),
                _ => Task.CompletedTask, // Silent: hold the connection open and never answer.
            };
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_target.Host, _target.Port, _stopping.Token);
            var downstream = client.GetStream();
            var server = upstream.GetStream();
            await Task.WhenAny(downstream.CopyToAsync(server, _stopping.Token), server.CopyToAsync(downstream, _stopping.Token));
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A connection cut by a mode change or by either side: exactly the fault being simulated.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task ThrottleAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII, false, 1, leaveOpen: true);
            while (!_stopping.IsCancellationRequested)
            {
                var contentLength = 0;
                string? line;
                var sawRequest = false;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(_stopping.Token)))
                {
                    sawRequest = true;
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        contentLength = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                if (!sawRequest)
                {
                    return;
                }

                var body = new char[contentLength];
                var read = 0;
                while (read < contentLength)
                {
                    var n = await reader.ReadAsync(body.AsMemory(read), _stopping.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    read += n;
                }

                const string payload = """{"code":"TooManyRequests","message":"Request rate is large."}""";
                var response =
                    "HTTP/1.1 429 Too Many Requests\r\n" +
                    "Content-Type: application/json\r\n" +
                    "x-ms-retry-after-ms: 50\r\n" +
                    "x-ms-substatus: 3200\r\n" +
                    "x-ms-activity-id: " + Guid.NewGuid() + "\r\n" +
                    $"Content-Length: {payload.Length}\r\n" +
                    "Connection: keep-alive\r\n\r\n" + payload;
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stopping.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Connection closed: nothing more to throttle.
        }
        finally
        {
            client.Dispose();
        }
    }
}
