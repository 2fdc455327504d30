using RabbitMQ.Client;

namespace OklaMq.Benchmarks.Scenarios;

/// <summary>Removes what a scenario declared, so the next one starts from an empty broker.</summary>
public static class BrokerAdmin
{
    public static ConnectionFactory Factory(BrokerEndpoint broker, string name) => new()
    {
        HostName = broker.Host,
        Port = broker.Port,
        VirtualHost = broker.VirtualHost,
        UserName = broker.UserName,
        Password = broker.Password,
        ClientProvidedName = name,
        AutomaticRecoveryEnabled = false,
    };

    public static async Task DeleteAsync(BrokerEndpoint broker, IEnumerable<string> queues, IEnumerable<string> exchanges, CancellationToken cancellationToken)
    {
        await using var connection = await Factory(broker, "benchmark admin").CreateConnectionAsync(cancellationToken);
        foreach (var queue in queues)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
        }
        foreach (var exchange in exchanges)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.ExchangeDeleteAsync(exchange, ifUnused: false, cancellationToken: cancellationToken);
        }
    }

    public static string QueueType(QueueKind kind) => kind == QueueKind.Quorum ? "quorum" : "classic";
}
