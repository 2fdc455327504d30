using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OklaMq.Hosting.Infrastructure;
using OklaMq.Tests.EndToEnd.Infrastructure.Otlp.Proto;
using Metrics = OklaMq.Tests.EndToEnd.Infrastructure.Otlp.Proto.Metrics;
using Logs = OklaMq.Tests.EndToEnd.Infrastructure.Otlp.Proto.Logs;

namespace OklaMq.Tests.EndToEnd.Infrastructure.Otlp;

/// <summary>
/// The tests' own OTLP endpoint (gRPC, as the Aspire dashboard's): the services export their spans
/// here, so a test reads a trace from what was exported, not from logs. Metrics and logs are
/// accepted and dropped, unless a test records everything exported (<see cref="StartRecording"/>).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _host;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ExportedSpan>> _traces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ExportRecording, byte> _recordings = new();

    private OtlpReceiver(int port)
    {
        Port = port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(this);
        _host = builder.Build();
        _host.MapGrpcService<TraceExport>();
        _host.MapGrpcService<MetricsExport>();
        _host.MapGrpcService<LogsExport>();
    }

    public int Port { get; }

    /// <summary>What the services get as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (through the AppHost's dashboard OTLP setting).</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver(LocalPorts.Next());
        await receiver._host.StartAsync();
        return receiver;
    }

    /// <summary>The spans of one trace exported so far.</summary>
    public IReadOnlyList<ExportedSpan> Trace(string traceId) =>
        _traces.TryGetValue(traceId, out var spans) ? spans.ToArray() : [];

    /// <summary>Every exported span that links to a span of <paramref name="traceId"/>.</summary>
    public IReadOnlyList<ExportedSpan> LinkingTo(string traceId) =>
        _traces.Values.SelectMany(spans => spans).Where(s => s.Links.Any(l => l.TraceId == traceId)).ToList();

    /// <summary>Keeps every log record, span and metric exported from now on, until the recording is disposed.</summary>
    public ExportRecording StartRecording()
    {
        var recording = new ExportRecording(r => _recordings.TryRemove(r, out _));
        _recordings[recording] = 0;
        return recording;
    }

    // The request as it came (fields this receiver's protos leave out are kept as unknown fields).
    private void Record(string signal, IMessage request)
    {
        if (_recordings.IsEmpty)
        {
            return;
        }
        var text = Encoding.UTF8.GetString(request.ToByteArray());
        foreach (var recording in _recordings.Keys)
        {
            recording.Add(signal, text);
        }
    }

    private void Add(ExportTraceServiceRequest request)
    {
        Record("traces", request);
        foreach (var resource in request.ResourceSpans)
        {
            var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";
            foreach (var scope in resource.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    var exported = ExportedSpan.From(service, scope.Scope?.Name ?? "", span);
                    _traces.GetOrAdd(exported.TraceId, _ => new ConcurrentQueue<ExportedSpan>()).Enqueue(exported);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }

    private sealed class TraceExport(OtlpReceiver receiver) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            receiver.Add(request);
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }

    private sealed class MetricsExport(OtlpReceiver receiver) : Metrics.MetricsService.MetricsServiceBase
    {
        public override Task<Metrics.ExportMetricsServiceResponse> Export(Metrics.ExportMetricsServiceRequest request, ServerCallContext context)
        {
            receiver.Record("metrics", request);
            return Task.FromResult(new Metrics.ExportMetricsServiceResponse());
        }
    }

    private sealed class LogsExport(OtlpReceiver receiver) : Logs.LogsService.LogsServiceBase
    {
        public override Task<Logs.ExportLogsServiceResponse> Export(Logs.ExportLogsServiceRequest request, ServerCallContext context)
        {
            receiver.Record("logs", request);
            return Task.FromResult(new Logs.ExportLogsServiceResponse());
        }
    }
}
