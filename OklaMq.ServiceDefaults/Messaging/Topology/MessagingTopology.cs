using OklaMq.Contracts.Routing;
using RabbitMQ.Client;

namespace OklaMq.ServiceDefaults.Messaging.Topology;

/// <summary>
/// Declares the exchanges of the routing table, so publishers can publish before any consumer has
/// bound a queue. Durable, no arguments: exactly what MassTransit declares when it binds a queue
/// to them, so the two declarations agree.
/// </summary>
public static class MessagingTopology
{
    public static async Task DeclareExchangesAsync(IChannel channel, CancellationToken cancellationToken)
    {
        foreach (var (name, type) in MessageRoutes.ExchangesWithTypes)
        {
            await channel.ExchangeDeclareAsync(name, type, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        }
        await channel.ExchangeDeclareAsync(Exchanges.DeadLetters, ExchangeTypes.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
    }
}
