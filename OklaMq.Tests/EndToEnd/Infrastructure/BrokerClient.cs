using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// A plain AMQP client (RabbitMQ.Client, no MassTransit) on the broker's <c>/okla</c> virtual host:
/// what a service in another language, or an operator, would do. One connection, opened again
/// when the broker was restarted; every publish waits for the broker's confirm.
/// </summary>
public sealed class BrokerClient(ConnectionFactory factory) : IAsyncDisposable
{
    public const string FaultHeader = "okla-fault";

    /// <summary>camelCase, as docs/messages.md has it for other languages.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<IConnection> ConnectionAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_connection is { IsOpen: true })
            {
                return _connection;
            }
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
            _connection = await factory.CreateConnectionAsync();
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IChannel> ChannelAsync(bool confirms = true, CancellationToken cancellationToken = default) =>
        await (await ConnectionAsync()).CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: confirms, publisherConfirmationTrackingEnabled: confirms), cancellationToken);

    /// <summary>
    /// Publishes <paramref name="message"/> as plain JSON (no envelope, no type header unless
    /// <paramref name="type"/>), persistent, with <paramref name="messageId"/> as the AMQP message id
    /// and, when given, an <c>okla-fault</c> header. Mandatory: an unroutable message fails the test.
    /// </summary>
    public Task PublishJsonAsync(string exchange, string routingKey, object message, Guid messageId, string? fault = null, string? type = null, string? orderingKey = null, CancellationToken cancellationToken = default) =>
        PublishAsync(exchange, routingKey, JsonSerializer.SerializeToUtf8Bytes(message, Json), messageId, fault, type, orderingKey, cancellationToken);

    /// <param name="orderingKey">The <c>okla-ordering-key</c> header (a dealer id): one key, one partition, in order.</param>
    /// <param name="cancellationToken">Gives up waiting for the channel or the confirm (the message may still have reached the broker).</param>
    public async Task PublishAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, Guid messageId, string? fault = null, string? type = null, string? orderingKey = null, CancellationToken cancellationToken = default)
    {
        await using var channel = await ChannelAsync(cancellationToken: cancellationToken);
        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Type = type,
            Headers = Headers(fault, orderingKey),
        };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body, cancellationToken);
    }

    private static Dictionary<string, object?>? Headers(string? fault, string? orderingKey)
    {
        var headers = new Dictionary<string, object?>();
        if (fault is not null)
        {
            headers[FaultHeader] = Encoding.UTF8.GetBytes(fault);
        }
        if (orderingKey is not null)
        {
            headers["okla-ordering-key"] = Encoding.UTF8.GetBytes(orderingKey);
        }
        return headers.Count == 0 ? null : headers;
    }

    /// <summary>The broker's count of ready messages and consumers of a queue, now (not the management API's sampled statistics).</summary>
    public async Task<(uint Messages, uint Consumers)> QueueStateAsync(string queue)
    {
        await using var channel = await ChannelAsync(confirms: false);
        var state = await channel.QueueDeclarePassiveAsync(queue);
        return (state.MessageCount, state.ConsumerCount);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _gate.Dispose();
    }
}
