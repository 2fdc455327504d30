using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
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

    /// <summary>Every queue of the virtual host, as the management API lists them (services declare theirs as they start).</summary>
    public static async Task DeleteAllQueuesAsync(BrokerEndpoint broker, Uri management, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.UserName}:{broker.Password}")));
        using var queues = JsonDocument.Parse(await http.GetStringAsync($"api/queues/{Uri.EscapeDataString(broker.VirtualHost)}?columns=name", cancellationToken));
        await DeleteAsync(broker, queues.RootElement.EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList(), [], cancellationToken);
    }

    public static string QueueType(QueueKind kind) => kind == QueueKind.Quorum ? "quorum" : "classic";
}
