using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OklaMq.ServiceDefaults.Messaging.Topology;

/// <summary>
/// The queues this service's endpoints consume (registered while its bus is configured), declared
/// before the bus starts, one replica at a time, so that no replica's bus consumes a quorum queue
/// whose Raft server is not running yet.
/// </summary>
/// <remarks>
/// RabbitMQ 3.10 answers a declaration of an existing quorum queue at once, even while the replica
/// that created it is still starting the queue's Raft server; a <c>basic.consume</c> in that moment
/// crashes the channel (<c>{badmatch,{error,noproc}}</c> in <c>rabbit_quorum_queue:consume/3</c>)
/// and the broker closes the whole connection. MassTransit 8.5 on RabbitMQ.Client 7.2 may then
/// never finish starting the bus (docs/topology.md, "Start-up"). The replica that creates a queue
/// gets its answer only once the Raft server runs, so declaring under a lock (an exclusive queue:
/// the broker refuses it to every other connection, and deletes it if its holder dies) means every
/// replica's bus finds its queues ready.
/// </remarks>
/// <param name="lockQueue">The exclusive queue that is the lock; in the broker user's own temporary-queue names.</param>
public sealed class EndpointQueues(string lockQueue)
{
    private static readonly TimeSpan LockRetryInterval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, object>> _queues = new(StringComparer.Ordinal);

    public string LockQueue { get; } = lockQueue;

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> Queues => _queues;

    public void Add(string queue, IReadOnlyDictionary<string, object> arguments) => _queues[queue] = arguments;

    /// <summary>
    /// Takes the lock (waiting while another replica holds it), declares every queue, each on a
    /// channel of its own (their Raft servers start together), and releases the lock.
    /// </summary>
    public async Task DeclareAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var channel = await LockAsync(connection, cancellationToken);
        try
        {
            await Task.WhenAll(_queues.Select(queue => DeclareQueueAsync(connection, queue.Key, queue.Value, cancellationToken)));
            await channel.QueueDeleteAsync(LockQueue, cancellationToken: cancellationToken);
        }
        finally
        {
            await channel.DisposeAsync();
        }
    }

    private static async Task DeclareQueueAsync(IConnection connection, string queue, IReadOnlyDictionary<string, object> arguments, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: arguments.ToDictionary(a => a.Key, a => (object?)a.Value), cancellationToken: cancellationToken);
    }

    private async Task<IChannel> LockAsync(IConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                await channel.QueueDeclareAsync(LockQueue, durable: false, exclusive: true, autoDelete: false, cancellationToken: cancellationToken);
                return channel;
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == Constants.ResourceLocked)
            {
                // Another replica holds the lock; its declarations take a moment.
                await channel.DisposeAsync();
                await Task.Delay(LockRetryInterval, cancellationToken);
            }
            catch
            {
                await channel.DisposeAsync();
                throw;
            }
        }
    }
}
