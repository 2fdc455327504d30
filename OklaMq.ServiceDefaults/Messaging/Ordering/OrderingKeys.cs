using System.Text;
using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging.Ordering;

/// <summary>
/// The key that orders a message: the <c>okla-ordering-key</c> header the publisher sets from the
/// route's ordering property (the dealer), else the message id (no ordering beyond itself).
/// </summary>
public static class OrderingKeys
{
    public static string Of(ConsumeContext context) =>
        context.Headers.Get<string>(MessageHeaders.OrderingKey)
        ?? (context.GetOriginalMessageId() ?? context.MessageId)?.ToString()
        ?? string.Empty;

    public static byte[] PartitionKey(ConsumeContext context) => Encoding.UTF8.GetBytes(Of(context));
}
