using System.Net;
using System.Net.Http.Headers;
using Shop.Core.Catalog;
using Shop.Core.Uploads;
using Shop.Lambda.Aws;

namespace Shop.Adapters.Storage;

/// <summary>
/// The uploads bucket over S3's REST API with SigV4 (no SDK on the function's hot path): presigned
/// PUTs for sellers' files and GETs for their reports, ranged reads that resume an import at a byte
/// offset, and error reports written in parts then joined by streaming, never held whole.
/// </summary>
public sealed class S3UploadFiles(HttpClient http, IAwsCredentialsProvider credentials, Uri bucket, string region, TimeProvider clock) : IUploadFiles
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);

    private readonly SigV4Signer _signer = new(region, "s3");

    public async Task<UploadSlot> CreateUploadSlotAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var keys = await credentials.GetCredentialsAsync(cancellationToken);
        // A PUT cannot carry a size range (only a POST policy can); the importer refuses an object above the limit.
        var url = _signer.Presign(HttpMethod.Put, ObjectUrl(key), keys, now, LinkLifetime, [new("content-type", contentType)]);
        return new UploadSlot(url, now + LinkLifetime);
    }

    public async Task<Uri> DownloadUrlAsync(string key, CancellationToken cancellationToken) =>
        _signer.Presign(HttpMethod.Get, ObjectUrl(key), await credentials.GetCredentialsAsync(cancellationToken), clock.GetUtcNow(), LinkLifetime);

    public async Task<Stream?> OpenAsync(string key, string eTag, long offset, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ObjectUrl(key));
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{eTag.Trim('"')}\"");
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }
        _signer.Sign(request, await credentials.GetCredentialsAsync(cancellationToken), clock.GetUtcNow(), SigV4Signer.EmptyPayloadHash);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK or HttpStatusCode.PartialContent:
                return new OwnedStream(await response.Content.ReadAsStreamAsync(cancellationToken), response);
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                // The offset is the end of the object: nothing is left to read.
                response.Dispose();
                return new MemoryStream([], writable: false);
            case HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound:
                response.Dispose();
                return null;
            default:
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                response.Dispose();
                throw new HttpRequestException($"S3 GET {key} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }
    }

    public async Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, ObjectUrl(key)) { Content = new ReadOnlyMemoryContent(content) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        _signer.Sign(request, await credentials.GetCredentialsAsync(cancellationToken), clock.GetUtcNow(), SigV4Signer.HashPayload(content.Span));
        await SendAsync(request, key, cancellationToken);
    }

    public async Task ConcatenateAsync(string key, ReadOnlyMemory<byte> prefix, IReadOnlyList<string> parts, long length, CancellationToken cancellationToken)
    {
        var joined = new JoinedStream(prefix, parts.Select<string, Func<Task<Stream>>>(part => async () =>
            await OpenPartAsync(part, cancellationToken)).ToList());
        using var request = new HttpRequestMessage(HttpMethod.Put, ObjectUrl(key)) { Content = new StreamContent(joined) };
        request.Content.Headers.ContentLength = length;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        request.Content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "errors.csv" };
        _signer.Sign(request, await credentials.GetCredentialsAsync(cancellationToken), clock.GetUtcNow(), SigV4Signer.UnsignedPayload);
        await SendAsync(request, key, cancellationToken);
    }

    private async Task<Stream> OpenPartAsync(string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ObjectUrl(key));
        _signer.Sign(request, await credentials.GetCredentialsAsync(cancellationToken), clock.GetUtcNow(), SigV4Signer.EmptyPayloadHash);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new HttpRequestException($"S3 GET {key} answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
        return new OwnedStream(await response.Content.ReadAsStreamAsync(cancellationToken), response);
    }

    private async Task SendAsync(HttpRequestMessage request, string key, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"S3 PUT {key} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
        }
    }

    private Uri ObjectUrl(string key) => new(bucket, string.Join('/', key.Split('/').Select(Uri.EscapeDataString)));

    /// <summary>A response body that disposes its response with it.</summary>
    private sealed class OwnedStream(Stream inner, HttpResponseMessage response) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>A prefix, then each part opened only when the one before is read to its end.</summary>
    private sealed class JoinedStream(ReadOnlyMemory<byte> prefix, IReadOnlyList<Func<Task<Stream>>> parts) : Stream
    {
        private int _prefixRead;
        private int _next;
        private Stream? _current;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefixRead < prefix.Length)
            {
                var count = Math.Min(buffer.Length, prefix.Length - _prefixRead);
                prefix.Slice(_prefixRead, count).CopyTo(buffer);
                _prefixRead += count;
                return count;
            }
            while (true)
            {
                if (_current is null)
                {
                    if (_next == parts.Count)
                    {
                        return 0;
                    }
                    _current = await parts[_next++]();
                }
                var read = await _current.ReadAsync(buffer, cancellationToken);
                if (read > 0)
                {
                    return read;
                }
                await _current.DisposeAsync();
                _current = null;
            }
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _current?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
