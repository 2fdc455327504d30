using Microsoft.Extensions.Options;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using OklaMq.Tests.Infrastructure;
using StackExchange.Redis;

namespace OklaMq.Tests.Specs.Outbox;

/// <summary>
/// <c>Outbox:Enabled=false</c> exists to measure what the outbox costs (the benchmark's
/// <c>http-direct</c>): the state is saved alone, then its events are published at once.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class Saving_with_the_outbox_off(LocalRedis redis)
{
    private readonly RecordingPublisher _publisher = new();
    private readonly string _stream = $"spec:outbox:{Guid.NewGuid():N}";
    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task Should_save_the_state_and_publish_its_events_without_a_stream_entry()
    {
        var (key, created) = NewVehicle();

        Assert.True(await Store(enabled: false).InsertAsync(key, created, [created]));

        Assert.True(await Db.KeyExistsAsync(key));
        Assert.Equal(0, await Db.StreamLengthAsync(_stream));
        var published = Assert.Single(_publisher.Published);
        Assert.Equal("vehicle.created", published.RoutingKey);
    }

    [Fact]
    public async Task Should_publish_nothing_when_the_state_was_not_saved()
    {
        var (key, created) = NewVehicle();
        await Db.StringSetAsync(key, "taken");

        Assert.False(await Store(enabled: false).InsertAsync(key, created, [created]));

        Assert.Empty(_publisher.Published);
    }

    [Fact]
    public async Task Should_write_the_event_to_the_stream_and_publish_nothing_itself_with_the_outbox_on()
    {
        var (key, created) = NewVehicle();

        Assert.True(await Store(enabled: true).InsertAsync(key, created, [created]));

        Assert.Equal(1, await Db.StreamLengthAsync(_stream));
        Assert.Empty(_publisher.Published);
    }

    private RedisAggregateStore Store(bool enabled)
    {
        var options = Options.Create(new OutboxOptions { Enabled = enabled, StreamKey = _stream });
        return new RedisAggregateStore(redis.Connection, new RedisOutbox(options), _publisher, options);
    }

    private static (string Key, VehicleCreatedEvent Event) NewVehicle()
    {
        var created = new VehicleCreatedEvent
        {
            VehicleId = Guid.NewGuid(),
            DealerId = Guid.NewGuid(),
            Make = "Kia",
            Model = "Rio",
            Year = 2019,
            Price = 700_000m,
            CreatedAt = DateTime.UtcNow,
        };
        return ($"spec:vehicles:{created.VehicleId}", created);
    }

    private sealed class RecordingPublisher : IDomainEventPublisher
    {
        public List<OutgoingMessage> Published { get; } = [];

        public Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken = default) where TEvent : class =>
            PublishAsync(OutgoingMessage.Create(@event), cancellationToken);

        public Task PublishBatchAsync<TEvent>(IEnumerable<TEvent> events, CancellationToken cancellationToken = default) where TEvent : class =>
            PublishBatchAsync(events.Select(e => OutgoingMessage.Create(e)).ToList(), cancellationToken);

        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
        {
            Published.Add(message);
            return Task.CompletedTask;
        }

        public Task PublishBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default)
        {
            Published.AddRange(messages);
            return Task.CompletedTask;
        }
    }
}
