using System.Security.Cryptography;
using MassTransit;
using OklaMq.Contracts.Routing;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// What identifies a message for the inbox of one endpoint: the fact it reports when its route
/// names one (a VehicleCreated by its VehicleId), else its original message id (kept by
/// redelivery, replay and the outbox), else (a message from another language without an id) a
/// hash of its body.
/// </summary>
public static class InboxKeys
{
    public static RedisKey For<T>(string endpoint, ConsumeContext<T> context) where T : class =>
        $"okla:inbox:{endpoint}:{Identity(context)}";

    private static string Identity<T>(ConsumeContext<T> context) where T : class
    {
        if (FactOf<T>.Read is { } read && read(context.Message) is { } fact)
        {
            return fact;
        }
        if ((context.GetOriginalMessageId() ?? context.MessageId) is { } messageId)
        {
            return $"id:{messageId}";
        }
        return $"body:{Convert.ToHexString(SHA256.HashData(context.ReceiveContext.GetBody()))}";
    }

    /// <summary>Reads a message type's idempotency property once per type, as "routing.key:value".</summary>
    private static class FactOf<T>
    {
        public static readonly Func<T, string?>? Read =
            MessageRoutes.TryOf(typeof(T), out var route) && route.IdempotencyKey is { } name && typeof(T).GetProperty(name) is { } property
                ? message => property.GetValue(message) is { } value && value.ToString() is { Length: > 0 } text && text != Guid.Empty.ToString()
                    ? $"{route.RoutingKey}:{text}"
                    : null
                : null;
    }
}
