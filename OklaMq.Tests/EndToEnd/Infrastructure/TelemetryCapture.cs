using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using OklaMq.Hosting.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// An OTLP/HTTP receiver the services export their logs, spans and metrics to (the dashboard's role
/// in a local run; the tests run without it). It keeps nothing by default: a test records what is
/// exported while it runs (<see cref="StartRecording"/>) and searches it. OTLP's protobuf carries
/// every string (log message and attributes, span name and tags, metric attributes) as UTF-8 bytes,
/// so a text is found in the body read as UTF-8.
/// </summary>
public sealed class TelemetryCapture : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<Recording, byte> _recordings = new();
    private readonly Task _receiving;

    public TelemetryCapture()
    {
        Endpoint = new Uri($"http://127.0.0.1:{LocalPorts.Next()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>The OTLP endpoint (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, protocol <c>http/protobuf</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Keeps everything exported from now on, until the recording is disposed.</summary>
    public Recording StartRecording()
    {
        var recording = new Recording(this);
        _recordings[recording] = 0;
        return recording;
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            // Seven processes export every second or so: answer each on its own.
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var body = await ReadAsync(context.Request);
            var signal = context.Request.Url?.AbsolutePath ?? "?";
            foreach (var recording in _recordings.Keys)
            {
                recording.Add(signal, body);
            }
            // An empty Export…ServiceResponse: all accepted.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or HttpListenerException)
        {
            context.Response.StatusCode = 400;
        }
        context.Response.Close();
    }

    private static async Task<byte[]> ReadAsync(HttpListenerRequest request)
    {
        await using var buffer = new MemoryStream();
        var input = request.Headers["Content-Encoding"] == "gzip" ? new GZipStream(request.InputStream, CompressionMode.Decompress) : request.InputStream;
        await using (input)
        {
            await input.CopyToAsync(buffer);
        }
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        // The fixture disposes again after a failed start.
        if (!_listener.IsListening)
        {
            return;
        }
        _listener.Stop();
        _listener.Close();
        await _receiving;
    }

    /// <summary>What the services exported (signal path and body) while it was recording.</summary>
    public sealed class Recording(TelemetryCapture capture) : IDisposable
    {
        private readonly ConcurrentQueue<(string Signal, string Text)> _exports = new();

        public int Count => _exports.Count;

        internal void Add(string signal, byte[] body) => _exports.Enqueue((signal, Encoding.UTF8.GetString(body)));

        /// <summary>"&lt;what&gt; in &lt;signal&gt;: …context…" for every pattern found, by what the pattern stands for.</summary>
        public IReadOnlyList<string> Find(IReadOnlyDictionary<string, Regex> patterns) =>
            (from export in _exports
             from pattern in patterns
             let match = pattern.Value.Match(export.Text)
             where match.Success
             select $"{pattern.Key} in {export.Signal}: …{Printable(export.Text, match)}…").ToList();

        private static string Printable(string text, Match match)
        {
            var from = Math.Max(0, match.Index - 80);
            var context = text.Substring(from, Math.Min(text.Length - from, match.Length + 160));
            return new string(context.Select(c => char.IsControl(c) || c == '\uFFFD' ? '·' : c).ToArray());
        }

        public void Dispose() => capture._recordings.TryRemove(this, out _);
    }
}
