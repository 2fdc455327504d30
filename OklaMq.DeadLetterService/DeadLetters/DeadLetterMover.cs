using System.Diagnostics;
using Microsoft.Extensions.Options;
using OklaMq.DeadLetterService.Faults;
using OklaMq.DeadLetterService.Infrastructure;
using OklaMq.DeadLetterService.Model;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using OklaMq.ServiceDefaults.Messaging.Metrics;
using RabbitMQ.Client;

namespace OklaMq.DeadLetterService.DeadLetters;

/// <summary>
/// Replays dead letters to their source queue, or purges them (design document 6.3, done right).
/// The dead-letter queue is read with basic.get without acknowledging; a selected message is
/// published to its source queue through the default exchange, and acknowledged in the dead-letter
/// queue only after the broker confirmed that publish. A message whose publish fails, and every
/// message not selected, is returned to the dead-letter queue. The replay itself therefore
/// never loses a message; if this process dies between the confirm and the acknowledgement the
/// message is in both queues, and the consumer's inbox (same message id) processes it once.
/// </summary>
public sealed partial class DeadLetterMover(IConnection connection, AuditLog audit, TimeProvider clock, IOptions<FaultStoreOptions> options, ILogger<DeadLetterMover> logger)
{
    public const string Replay = "replay";
    public const string Purge = "purge";

    public async Task<MoveResult> MoveAsync(string action, string sourceQueue, DeadLetterSelection selection, string actor, CancellationToken cancellationToken)
    {
        var deadLetterQueue = DeadLetterQueues.For(sourceQueue);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

        var succeeded = new List<string>();
        var failed = new List<string>();
        var held = new List<ulong>();
        var scanned = 0;
        try
        {
            while (scanned < options.Value.MaxScan && !(selection.Oldest is { } oldest && succeeded.Count + failed.Count >= oldest))
            {
                var delivery = await channel.BasicGetAsync(deadLetterQueue, autoAck: false, cancellationToken);
                if (delivery is null)
                {
                    break;
                }
                scanned++;
                if (!Selects(selection, delivery))
                {
                    held.Add(delivery.DeliveryTag);
                    continue;
                }

                var id = delivery.BasicProperties.MessageId ?? $"delivery {delivery.DeliveryTag}";
                // In the message's own trace, linked to the request that asked for it: the replayed
                // message's next consume continues that trace.
                using var activity = TraceHeaders.StartActivity($"{deadLetterQueue} {action}", action == Replay ? ActivityKind.Producer : ActivityKind.Internal,
                    TraceHeaders.ParentOf(delivery.BasicProperties.Headers));
                activity?.SetTag("messaging.operation", action);
                activity?.SetTag("messaging.message.id", id);
                try
                {
                    if (action == Replay)
                    {
                        var returnQueue = ReturnQueueOf(delivery, sourceQueue);
                        activity?.SetTag("messaging.destination.name", returnQueue);
                        var properties = ReplayProperties.For(delivery.BasicProperties, clock.GetUtcNow().UtcDateTime);
                        TraceHeaders.Set(properties.Headers!, activity);
                        await channel.BasicPublishAsync(string.Empty, returnQueue, mandatory: true, properties, delivery.Body, cancellationToken);
                        BrokerTrafficMetrics.RecordPublished(string.Empty, returnQueue);
                    }
                    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
                    succeeded.Add(id);
                }
                catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.PublishException)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    failed.Add(id);
                    held.Add(delivery.DeliveryTag);
                    LogReplayFailed(id, sourceQueue, ex.Message);
                }
            }
        }
        finally
        {
            foreach (var tag in held)
            {
                // Back to the dead-letter queue, where it was. (If the channel is gone, the broker returns them.)
                if (channel.IsOpen)
                {
                    await channel.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None);
                }
            }
        }

        var result = new MoveResult(sourceQueue, action, scanned, succeeded, failed);
        await audit.AppendAsync(new AuditEntry(clock.GetUtcNow().UtcDateTime, action, sourceQueue, selection.ToString(), actor, scanned, succeeded, failed));
        LogMoved(action, succeeded.Count, sourceQueue, failed.Count, actor);
        return result;
    }

    /// <summary>
    /// The queue the message was taken from: a partition queue for an endpoint ordered across
    /// instances ("analytics-events-p2"), which the dead letter names; else the endpoint's queue.
    /// </summary>
    private static string ReturnQueueOf(BasicGetResult delivery, string sourceQueue) =>
        AmqpHeaders.Text(delivery.BasicProperties.Headers, DeadLetterHeaders.SourceQueue)
        ?? AmqpHeaders.Text(AmqpHeaders.Field(AmqpHeaders.LatestDeath(delivery.BasicProperties.Headers), "queue"))
        ?? sourceQueue;

    private static bool Selects(DeadLetterSelection selection, BasicGetResult delivery)
    {
        var properties = delivery.BasicProperties;
        if (selection.MessageIds is { Count: > 0 } ids)
        {
            return Guid.TryParse(properties.MessageId, out var id) && ids.Contains(id);
        }
        if (selection.MessageType is { } type)
        {
            var claimed = AmqpHeaders.Text(properties.Headers, "MT-MessageType") ?? properties.Type ?? string.Empty;
            if (!claimed.Contains(type, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        if (selection.From is not null || selection.To is not null)
        {
            var at = FaultRecordReader.Read(properties, ReadOnlyMemory<byte>.Empty, delivery.RoutingKey).DeadLetteredAt;
            return (selection.From is null || at >= selection.From) && (selection.To is null || at <= selection.To);
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replaying {MessageId} to {Queue} failed; it stays dead-lettered: {Reason}")]
    private partial void LogReplayFailed(string messageId, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Action}: {Count} dead letters of {Queue} moved, {Failed} failed (requested by {Actor})")]
    private partial void LogMoved(string action, int count, string queue, int failed, string actor);
}

public sealed record MoveResult(string Queue, string Action, int Scanned, IReadOnlyList<string> Succeeded, IReadOnlyList<string> Failed);
