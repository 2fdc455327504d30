using System.Collections.Concurrent;
using OklaMq.Contracts.Routing;
using RabbitMQ.Client;

namespace OklaMq.ServiceDefaults.Messaging.Publishing;

/// <summary>
/// Declares an exchange of the routing table before the first message this service publishes to
/// it, once per process, so a publisher can publish before any consumer has bound a queue. Only
/// the exchanges a service publishes to: they are all its broker user may declare
/// (docs/security.md). Durable, no arguments: exactly what MassTransit declares when it binds a
/// queue to them, so the two declarations agree.
/// </summary>
public sealed class PublishedExchanges(IConnection connection)
{
    private static readonly Dictionary<string, string> Types = MessageRoutes.ExchangesWithTypes.ToDictionary(e => e.Name, e => e.Type, StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Task> _declared = new(StringComparer.Ordinal);

    public async Task EnsureDeclaredAsync(string exchange, CancellationToken cancellationToken)
    {
        var declaring = _declared.GetOrAdd(exchange, DeclareAsync);
        try
        {
            await declaring.WaitAsync(cancellationToken);
        }
        catch (Exception) when (declaring.IsFaulted)
        {
            // Not declared (broker unreachable, refused): the next publish tries again.
            _declared.TryRemove(KeyValuePair.Create(exchange, declaring));
            throw;
        }
    }

    private async Task DeclareAsync(string exchange)
    {
        if (!Types.TryGetValue(exchange, out var type))
        {
            throw new ArgumentException($"'{exchange}' is not an exchange of the routing table.", nameof(exchange));
        }
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, type, durable: true, autoDelete: false);
    }
}
