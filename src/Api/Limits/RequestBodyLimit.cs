using Alvys.Customers.Api.Problems;
using Microsoft.AspNetCore.Http.Features;

namespace Alvys.Customers.Api.Limits;

/// <summary>
/// Caps every request body (default 64 KiB, <c>Limits:MaxRequestBodyBytes</c>) — far above any real customer,
/// far below what it takes to hurt the service. A declared length over the cap is refused before reading;
/// an undeclared (chunked) body is cut off as it streams. Either way the caller gets 413 as a problem.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IConfiguration configuration)
{
    public const long DefaultMaxBytes = 64 * 1024;

    private readonly long _maxBytes = configuration.GetValue("Limits:MaxRequestBodyBytes", DefaultMaxBytes);

    // Not async: a request within the cap goes on with no state machine of this middleware around it.
    public Task InvokeAsync(HttpContext context, ProblemWriter problems)
    {
        if (context.Request.ContentLength > _maxBytes)
        {
            return problems.WriteAsync(context, ProblemKind.PayloadTooLarge, $"The request body must be at most {_maxBytes} bytes.");
        }

        // Kestrel enforces the cap itself when it can; other servers (the test host) get a counting stream.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel)
        {
            kestrel.MaxRequestBodySize = _maxBytes;
        }
        else
        {
            context.Request.Body = new CappedStream(context.Request.Body, _maxBytes);
        }

        return next(context);
    }

    /// <summary>Reads through to the body and throws the 413 that Kestrel would once the cap is passed.</summary>
    private sealed class CappedStream(Stream inner, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > maxBytes
                ? throw new BadHttpRequestException($"The request body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge)
                : read;
        }
    }
}
