using MassTransit;
using OklaMq.ServiceDefaults.Messaging.Publishing;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// The messages a saga transition publishes, held until the transition commits: the repository
/// appends them to the service's outbox stream in the same script that stores the instance and
/// marks the consumed message processed. An attempt that loses a version conflict, or a process that
/// dies before the commit, publishes nothing; a committed transition publishes each message once
/// (the outbox relay: at least once, with the same message id). One per consumed message (a payload
/// of the repository's context).
/// </summary>
public sealed class SagaOutbox
{
    private readonly List<OutgoingMessage> _messages = [];

    public IReadOnlyList<OutgoingMessage> Messages => _messages;

    /// <summary>Queues <paramref name="message"/> (a type of the routing table) to be published once the transition commits.</summary>
    public void Publish<T>(T message, Guid correlationId) where T : class => _messages.Add(OutgoingMessage.Create(message, correlationId));

    /// <summary>The outbox of the transition <paramref name="context"/> belongs to; only sagas on the Redis saga repository have one.</summary>
    public static SagaOutbox Of(PipeContext context) =>
        context.TryGetPayload<SagaOutbox>(out var outbox)
            ? outbox
            : throw new InvalidOperationException("PublishOnCommit needs the Redis saga repository (register the saga with AddDurableSaga).");
}
