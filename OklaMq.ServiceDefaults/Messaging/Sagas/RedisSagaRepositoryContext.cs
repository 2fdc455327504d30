using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// One consumed message's view of the saga repository: the instance was read (with the message's
/// inbox mark) before this context was made; <see cref="Save"/>, <see cref="Update"/> and
/// <see cref="Delete"/> commit the transition against the version and state it was read at,
/// <see cref="Discard"/> and <see cref="Undo"/> write nothing. Carries the transition's
/// <see cref="SagaOutbox"/> as a payload.
/// </summary>
public sealed class RedisSagaRepositoryContext<TSaga, TMessage>(ConsumeContext<TMessage> context, RedisSagaStore<TSaga> store, StoredSaga stored, RedisKey? inboxKey)
    : ConsumeContextScope<TMessage>(context, new SagaOutbox()), SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, IDurableSagaInstance
    where TMessage : class
{
    /// <summary>The version and state each instance of this message was read at (version 0, no state: new).</summary>
    private readonly Dictionary<Guid, (int Version, string? State)> _readAt = [];

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) => Context(instance, 0, null);

    /// <summary>Created when its transition commits, and only if no other message created it first.</summary>
    public Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance) => Context(instance, 0, null);

    public Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId) =>
        store.Read(stored) is { } instance ? Context(instance, stored.Version, stored.State) : Task.FromResult<SagaConsumeContext<TSaga, TMessage>>(null!);

    public Task Save(SagaConsumeContext<TSaga> context) => CommitAsync(context.Saga);

    public Task Update(SagaConsumeContext<TSaga> context) => CommitAsync(context.Saga);

    /// <summary>A completed instance (<c>SetCompleted</c>) is kept in its final state for inspection, like a finished one.</summary>
    public Task Delete(SagaConsumeContext<TSaga> context) => CommitAsync(context.Saga);

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class
    {
        _readAt.TryAdd(instance.CorrelationId, mode == SagaConsumeContextMode.Load ? (instance.Version, instance.CurrentState) : (0, null));
        return Task.FromResult<SagaConsumeContext<TSaga, T>>(new DefaultSagaConsumeContext<TSaga, T>(consumeContext, instance));
    }

    private Task<SagaConsumeContext<TSaga, TMessage>> Context(TSaga instance, int version, string? state)
    {
        _readAt[instance.CorrelationId] = (version, state);
        return Task.FromResult<SagaConsumeContext<TSaga, TMessage>>(new DefaultSagaConsumeContext<TSaga, TMessage>(this, instance));
    }

    private Task CommitAsync(TSaga instance)
    {
        var (version, state) = _readAt[instance.CorrelationId];
        return store.CommitAsync(instance, version, state, SagaOutbox.Of(this), inboxKey);
    }
}
