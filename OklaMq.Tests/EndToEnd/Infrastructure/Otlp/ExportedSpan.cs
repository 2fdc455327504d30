using Google.Protobuf;
using OklaMq.Tests.EndToEnd.Infrastructure.Otlp.Proto;

namespace OklaMq.Tests.EndToEnd.Infrastructure.Otlp;

/// <summary>One span as a service exported it: ids in hex (as W3C traceparent writes them), its service, source, tags and links.</summary>
public sealed record ExportedSpan(
    string Service,
    string Source,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    bool IsError,
    DateTime Start,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Events,
    IReadOnlyList<(string TraceId, string SpanId)> Links)
{
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;

    public override string ToString() =>
        $"{Start:HH:mm:ss.fff} {Service} {Kind} '{Name}' {SpanId} <- {ParentSpanId ?? "(root)"}{(IsError ? " ERROR" : "")}" +
        (Links.Count > 0 ? $" links {string.Join(", ", Links.Select(l => $"{l.TraceId}/{l.SpanId}"))}" : "");

    internal static ExportedSpan From(string service, string source, Span span) => new(
        service,
        source,
        Hex(span.TraceId),
        Hex(span.SpanId),
        span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId),
        span.Name,
        span.Kind.ToString(),
        span.Status?.Code == Status.Types.StatusCode.Error,
        DateTime.UnixEpoch.AddTicks((long)(span.StartTimeUnixNano / 100)),
        span.Attributes.ToDictionary(a => a.Key, a => Text(a.Value), StringComparer.Ordinal),
        span.Events.Select(e => e.Name).ToList(),
        span.Links.Select(l => (Hex(l.TraceId), Hex(l.SpanId))).ToList());

    private static string Hex(ByteString bytes) => Convert.ToHexString(bytes.Span).ToLowerInvariant();

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "",
    };
}
