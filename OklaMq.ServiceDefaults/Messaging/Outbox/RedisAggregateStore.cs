using System.Text.Json;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Outbox;

/// <summary>A stored value and the exact JSON it was read as (the concurrency token of its next write).</summary>
public sealed record Stored<T>(T Value, RedisValue Json);

/// <summary>
/// JSON documents in Redis whose every write commits together with the events it raises (through
/// the <see cref="RedisOutbox"/>), guarded by optimistic concurrency: a write succeeds only if the
/// document is still what was read, else it returns false and nothing, events included, is stored.
/// With the outbox off (<see cref="OutboxOptions.Enabled"/>, to measure it) the events are published
/// after the commit instead.
/// </summary>
public sealed class RedisAggregateStore(IConnectionMultiplexer redis, RedisOutbox outbox, IDomainEventPublisher publisher, IOptions<OutboxOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IDatabase Database => redis.GetDatabase();

    public async Task<Stored<T>?> FindAsync<T>(RedisKey key)
    {
        var json = await Database.StringGetAsync(key);
        return json.IsNull ? null : new Stored<T>(JsonSerializer.Deserialize<T>((string)json!, Json)!, json);
    }

    /// <summary>Stores a new document; false if the key exists.</summary>
    public Task<bool> InsertAsync<T>(RedisKey key, T value, IEnumerable<object> events, Guid? correlationId = null, Action<ITransaction>? alsoWrite = null) =>
        CommitAsync(Condition.KeyNotExists(key), tx => tx.StringSetAsync(key, Serialize(value)), events, correlationId, alsoWrite);

    /// <summary>Replaces a document read earlier; false if it changed since.</summary>
    public Task<bool> ReplaceAsync<T>(RedisKey key, Stored<T> previous, T value, IEnumerable<object> events, Guid? correlationId = null, Action<ITransaction>? alsoWrite = null) =>
        CommitAsync(Condition.StringEqual(key, previous.Json), tx => tx.StringSetAsync(key, Serialize(value)), events, correlationId, alsoWrite);

    /// <summary>Deletes a document read earlier; false if it changed since.</summary>
    public Task<bool> DeleteAsync<T>(RedisKey key, Stored<T> previous, IEnumerable<object> events, Guid? correlationId = null, Action<ITransaction>? alsoWrite = null) =>
        CommitAsync(Condition.StringEqual(key, previous.Json), tx => tx.KeyDeleteAsync(key), events, correlationId, alsoWrite);

    private async Task<bool> CommitAsync(Condition condition, Func<ITransaction, Task> write, IEnumerable<object> events, Guid? correlationId, Action<ITransaction>? alsoWrite)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(condition);
        _ = write(transaction);
        alsoWrite?.Invoke(transaction);
        if (!options.Value.Enabled)
        {
            return await CommitThenPublishAsync(transaction, events.Select(e => OutgoingMessage.Create(e, correlationId)).ToList());
        }
        foreach (var @event in events)
        {
            outbox.Enqueue(transaction, @event, correlationId);
        }
        if (!await transaction.ExecuteAsync())
        {
            return false;
        }
        outbox.Committed();
        return true;
    }

    private async Task<bool> CommitThenPublishAsync(ITransaction transaction, IReadOnlyList<OutgoingMessage> messages)
    {
        if (!await transaction.ExecuteAsync())
        {
            return false;
        }
        await publisher.PublishBatchAsync(messages);
        return true;
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);
}
