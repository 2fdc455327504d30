using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using MassTransit;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Serialization;

namespace OklaMq.ServiceDefaults.Messaging.Publishing;

/// <summary>
/// A message ready for the wire: plain JSON (the same shape MassTransit's raw serializer reads and a
/// service in another language writes), its route, ids and the trace it belongs to.
/// </summary>
public sealed record OutgoingMessage(
    string Exchange,
    string RoutingKey,
    string MessageType,
    Guid MessageId,
    Guid CorrelationId,
    string? OrderingKey,
    ReadOnlyMemory<byte> Body,
    DateTime CreatedAt,
    string? TraceParent)
{
    private static readonly ConcurrentDictionary<(Type Type, string Property), Func<object, object?>?> Accessors = new();

    /// <summary>
    /// Builds the message for <paramref name="message"/>: its correlation id is the event's own
    /// <c>CorrelationId</c> when it has one, else <paramref name="correlationId"/>, else a new id.
    /// </summary>
    public static OutgoingMessage Create<T>(T message, Guid? correlationId = null, Guid? messageId = null) where T : class
    {
        var route = MessageRoutes.Of(message.GetType());
        return new OutgoingMessage(
            route.Exchange,
            route.RoutingKey,
            MessageUrn.ForTypeString(route.MessageType),
            messageId ?? NewId.NextGuid(),
            OwnCorrelationId(message) ?? correlationId ?? NewId.NextGuid(),
            OrderingKeyOf(message, route),
            JsonSerializer.SerializeToUtf8Bytes(message, route.MessageType, WireJson.Options),
            DateTime.UtcNow,
            Activity.Current?.Id);
    }

    /// <summary>The value of the route's ordering property (for example the DealerId), as a string.</summary>
    public static string? OrderingKeyOf(object message, MessageRoute route) =>
        route.OrderingKey is null ? null : Read(message, route.OrderingKey)?.ToString();

    private static Guid? OwnCorrelationId(object message) =>
        Read(message, "CorrelationId") is Guid id && id != Guid.Empty ? id : null;

    private static object? Read(object message, string property) =>
        Accessors.GetOrAdd((message.GetType(), property), static key =>
            key.Type.GetProperty(key.Property, BindingFlags.Public | BindingFlags.Instance) is { } info ? info.GetValue : null)
        ?.Invoke(message);
}
