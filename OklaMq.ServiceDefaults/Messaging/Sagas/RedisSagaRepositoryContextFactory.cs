using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.Extensions.Logging;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// MassTransit's saga repository seams on Redis (MassTransit.Redis is not available, and its
/// optimistic mode creates an instance with an unconditional SET and updates it under a lock plus a
/// GET and a SET). Each consumed message reads its instance and its inbox mark in one script; a
/// message the inbox already has is acknowledged without running the saga; the transition commits
/// in one script (<see cref="RedisSagaStore{TSaga}.CommitAsync"/>). Instances are found by
/// correlation id only: no queries. <see cref="Execute{T}"/> serves the test harness
/// (<c>Exists</c>/<c>NotExists</c>) and inspection.
/// </summary>
public sealed partial class RedisSagaRepositoryContextFactory<TSaga>(RedisSagaStore<TSaga> store, ILogger<RedisSagaRepositoryContextFactory<TSaga>> logger)
    : ISagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, IDurableSagaInstance
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next) where T : class
    {
        var id = context.CorrelationId ?? throw new SagaException("The message has no correlation id for the saga.", typeof(TSaga), typeof(T));
        var inboxKey = store.InboxKey(context);
        var stored = await store.LoadAsync(id, inboxKey);
        if (stored.AlreadyProcessed)
        {
            SagaTelemetry.Duplicate(store.Saga);
            LogDuplicate(store.Saga.Name, id, context.MessageId, inboxKey.ToString());
            return;
        }
        await next.Send(new RedisSagaRepositoryContext<TSaga, T>(context, store, stored, inboxKey));
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next) where T : class =>
        throw new NotSupportedException($"Saga {store.Saga.Name} finds its instances by correlation id only.");

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default) where T : class =>
        asyncMethod(new LoadContext(store, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "redis");

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga {Saga} {SagaId} already processed message {MessageId} ({InboxKey}); acknowledged without running the saga")]
    private partial void LogDuplicate(string saga, Guid sagaId, Guid? messageId, string? inboxKey);

    private sealed class LoadContext(RedisSagaStore<TSaga> store, CancellationToken cancellationToken)
        : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<TSaga>
    {
        public Task<TSaga> Load(Guid correlationId) => store.FindAsync(correlationId)!;
    }
}
