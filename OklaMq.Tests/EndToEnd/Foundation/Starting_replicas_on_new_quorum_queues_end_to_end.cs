using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging.Topology;
using OklaMq.Tests.EndToEnd.Infrastructure;
using RabbitMQ.Client;

namespace OklaMq.Tests.EndToEnd.Foundation;

/// <summary>
/// Two replicas of a service declare the same brand-new partition queues at the same moment and
/// consume them straight away, as their buses do. On RabbitMQ 3.10 a replica that consumes a
/// quorum queue whose Raft server the other replica is still starting gets its connection closed
/// by the broker (<c>{badmatch,{error,noproc}}</c>); declaring through <see cref="EndpointQueues"/>
/// (one replica at a time) leaves every queue ready (docs/topology.md, "Start-up").
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Starting_replicas_on_new_quorum_queues_end_to_end(OklaMqApp app)
{
    // Without the lock, about one round in two met a queue without its Raft server here.
    private const int Rounds = 5;
    private const int Partitions = 8;

    [Fact]
    public async Task Should_find_every_queue_ready_to_consume_once_declared()
    {
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);
        var settings = new RabbitMqSettings();
        for (var round = 0; round < Rounds; round++)
        {
            var endpoint = $"start-race-{Guid.NewGuid():N}";
            var queues = Enumerable.Range(0, Partitions).Select(p => EndpointIdentity.PartitionQueue(endpoint, p)).ToList();
            await using var first = await app.BrokerConnectionFactory("oklamq-tests replica 1").CreateConnectionAsync();
            await using var second = await app.BrokerConnectionFactory("oklamq-tests replica 2").CreateConnectionAsync();
            try
            {
                await Task.WhenAll(
                    DeclareAndConsumeAsync(first, endpoint, queues, settings),
                    DeclareAndConsumeAsync(second, endpoint, queues, settings));

                Assert.True(first.IsOpen, $"The broker closed replica 1's connection: {first.CloseReason}");
                Assert.True(second.IsOpen, $"The broker closed replica 2's connection: {second.CloseReason}");
            }
            finally
            {
                await using var channel = await app.Rabbit.ChannelAsync(confirms: false);
                foreach (var queue in queues)
                {
                    await channel.QueueDeleteAsync(queue);
                }
            }
        }
    }

    [Fact]
    public async Task Should_declare_the_queues_only_once_the_other_replica_released_the_lock()
    {
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);
        var endpoint = $"start-race-{Guid.NewGuid():N}";
        var queue = EndpointIdentity.PartitionQueue(endpoint, 0);
        var declarations = new EndpointQueues(BrokerAddress.TopologyLockName(OklaMqApp.BrokerUserName));
        declarations.Add(queue, EndpointTopology.QueueArguments(new EndpointIdentity(queue, endpoint), new RabbitMqSettings()));
        await using var holder = await app.BrokerConnectionFactory("oklamq-tests lock holder").CreateConnectionAsync();
        await using var waiter = await app.BrokerConnectionFactory("oklamq-tests replica").CreateConnectionAsync();
        await using var holding = await holder.CreateChannelAsync();
        await holding.QueueDeclareAsync(declarations.LockQueue, durable: false, exclusive: true, autoDelete: false);

        var declaring = declarations.DeclareAsync(waiter, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(declaring.IsCompleted, "The queues were declared while another replica held the lock.");
        Assert.Null(await QueueStateOrNullAsync(queue));

        await holding.QueueDeleteAsync(declarations.LockQueue);
        await declaring.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(await QueueStateOrNullAsync(queue));
        await using var cleanup = await app.Rabbit.ChannelAsync(confirms: false);
        await cleanup.QueueDeleteAsync(queue);
    }

    private async Task<QueueDeclareOk?> QueueStateOrNullAsync(string queue)
    {
        await using var channel = await app.Rabbit.ChannelAsync(confirms: false);
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    private static async Task DeclareAndConsumeAsync(IConnection connection, string endpoint, IReadOnlyList<string> queues, RabbitMqSettings settings)
    {
        var declarations = new EndpointQueues(BrokerAddress.TopologyLockName(OklaMqApp.BrokerUserName));
        foreach (var queue in queues)
        {
            declarations.Add(queue, EndpointTopology.QueueArguments(new EndpointIdentity(queue, endpoint), settings));
        }
        // The bus's channels, one an endpoint, are open before it consumes.
        var channels = await Task.WhenAll(queues.Select(_ => connection.CreateChannelAsync()));

        await declarations.DeclareAsync(connection, CancellationToken.None);

        // Then each endpoint consumes its queue at once. A crashed consume closes the connection.
        await Task.WhenAll(queues.Select(async (queue, i) =>
        {
            try
            {
                await channels[i].BasicConsumeAsync(queue, autoAck: false, new Consumer(channels[i]));
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.OperationInterruptedException or RabbitMQ.Client.Exceptions.AlreadyClosedException or ObjectDisposedException)
            {
                // The connection's state, asserted by the caller, says what happened.
            }
        }));
        // The broker closes the connection a moment after a consume crashed its channel.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
    }

    private sealed class Consumer(IChannel channel) : AsyncDefaultBasicConsumer(channel);
}
