using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// The instances of one saga in Redis (<see cref="DurableSaga.InstanceKey"/>): reads them, and
/// commits a transition (instance, outgoing messages, inbox mark) in one script, or fails it with
/// MassTransit's <see cref="ConcurrencyException"/> when another writer changed the instance since it
/// was read. A finished instance (in a state of <see cref="DurableStateMachine{TInstance}.FinishedStates"/>)
/// is kept for <see cref="SagaOptions.FinishedRetention"/>, so late events find it finished.
/// </summary>
public sealed partial class RedisSagaStore<TSaga>(
    DurableSaga<TSaga> saga,
    RedisSagaScripts scripts,
    RedisOutbox outbox,
    SagaStateMachine<TSaga> machine,
    IOptions<SagaOptions> options,
    IOptions<InboxOptions> inbox,
    TimeProvider clock,
    ILogger<RedisSagaStore<TSaga>> logger)
    where TSaga : class, IDurableSagaInstance
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlySet<string> _finished = DurableStateMachine<TSaga>.FinishedStateNames(machine);

    public DurableSaga<TSaga> Saga => saga;

    /// <summary>The inbox key of a consumed message on this saga's endpoint; null when the inbox is off.</summary>
    public RedisKey? InboxKey<T>(ConsumeContext<T> context) where T : class =>
        inbox.Value.Enabled ? InboxKeys.For(saga.Queue, context) : (RedisKey?)null;

    public Task<StoredSaga> LoadAsync(Guid id, RedisKey? inboxKey = null) => scripts.LoadAsync(saga, id, inboxKey);

    public async Task<TSaga?> FindAsync(Guid id) => Read(await LoadAsync(id));

    public TSaga? Read(StoredSaga stored)
    {
        if (stored.Json is not { } json)
        {
            return null;
        }
        var instance = JsonSerializer.Deserialize<TSaga>(json, Json)!;
        instance.Version = stored.Version;
        return instance;
    }

    public bool IsFinished(string state) => _finished.Contains(state);

    /// <summary>
    /// Stores the instance as the transition left it, if it is still at the version it was read at
    /// (<paramref name="loadedVersion"/> 0: if it does not exist yet), with <paramref name="outgoing"/>'s
    /// messages and the inbox mark of the consumed message.
    /// </summary>
    public async Task CommitAsync(TSaga instance, int loadedVersion, string? loadedState, SagaOutbox outgoing, RedisKey? inboxKey)
    {
        var state = instance.CurrentState;
        instance.Version = loadedVersion + 1;
        var write = new SagaWrite(instance.CorrelationId, loadedVersion, loadedState, state, JsonSerializer.Serialize(instance, Json), IsFinished(state));
        var outcome = await scripts.CommitAsync(saga, write, outgoing.Messages, outbox.StreamKey, inboxKey,
            options.Value.FinishedRetention, inbox.Value.Retention, clock.GetUtcNow());
        switch (outcome)
        {
            case SagaCommitOutcome.Conflict:
                instance.Version = loadedVersion;
                throw new ConcurrencyException(
                    loadedVersion == 0
                        ? $"Saga {saga.Name} {instance.CorrelationId} was created by another message first; the message is tried again on it."
                        : $"Saga {saga.Name} {instance.CorrelationId} changed since version {loadedVersion} was read; the message is tried again on the new version.",
                    typeof(TSaga), instance.CorrelationId);
            case SagaCommitOutcome.AlreadyProcessed:
                SagaTelemetry.Duplicate(saga);
                LogDuplicateAtCommit(saga.Name, instance.CorrelationId);
                break;
            default:
                if (outgoing.Messages.Count > 0)
                {
                    outbox.Committed();
                }
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Saga {Saga} {SagaId}: another delivery of the message committed first; this one's transition was dropped")]
    private partial void LogDuplicateAtCommit(string saga, Guid sagaId);
}
