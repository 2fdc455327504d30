using System.Diagnostics;
using OklaMq.DeadLetterService.Infrastructure;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using OklaMq.ServiceDefaults.Messaging.Metrics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OklaMq.DeadLetterService.Faults;

/// <summary>
/// Records every dead letter (design document 6.2) from the fault-store queue, which gets a copy of
/// each one: the dead-letter queues themselves keep their messages for replay. A record is
/// acknowledged only once stored; while Redis is unavailable the copies wait in the queue.
/// </summary>
public sealed partial class FaultStoreConsumer(IConnection connection, FaultStore faults, ILogger<FaultStoreConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        // Declared exactly as the endpoints' dead-letter bindings declare it, whichever comes first.
        await channel.QueueDeclareAsync(DeadLetterQueues.FaultStoreQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: DeadLetterQueues.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value), cancellationToken: stoppingToken);
        await channel.BasicQosAsync(0, 32, false, stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            // In the dead letter's trace, continuing from the span that dead-lettered it.
            using var activity = TraceHeaders.StartActivity($"{DeadLetterQueues.FaultStoreQueue} process", ActivityKind.Consumer, TraceHeaders.ParentOf(delivery.BasicProperties.Headers));
            activity?.SetTag("messaging.operation", "process");
            activity?.SetTag("messaging.destination.name", DeadLetterQueues.FaultStoreQueue);
            activity?.SetTag("messaging.message.id", delivery.BasicProperties.MessageId);
            try
            {
                var fault = FaultRecordReader.Read(delivery.BasicProperties, delivery.Body, delivery.RoutingKey);
                activity?.SetTag("okla.fault.id", fault.FaultId.ToString());
                await faults.SaveAsync(fault);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                FaultStoreMetrics.Recorded(fault.Endpoint, fault.Kind);
                BrokerTrafficMetrics.RecordConsumed(DeadLetterQueues.FaultStoreQueue, nameof(FaultStoreConsumer));
                LogRecorded(fault.FaultId, fault.SourceQueue, fault.Kind);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                // Redis unavailable, or a dead letter this reader cannot make sense of: it waits in
                // the queue (never dropped), and the consumer goes on with the next.
                FaultStoreMetrics.NotRecorded(ex);
                LogNotRecorded(ex.GetType().Name, ex.Message);
                await Task.Delay(RetryDelay, stoppingToken);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
            }
        };
        await channel.BasicConsumeAsync(DeadLetterQueues.FaultStoreQueue, autoAck: false, consumer, stoppingToken);

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        await channel.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded fault {FaultId} from {Queue} ({Kind})")]
    private partial void LogRecorded(Guid faultId, string queue, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dead letter was not recorded ({ExceptionType}: {Reason}); it waits in the fault-store queue")]
    private partial void LogNotRecorded(string exceptionType, string reason);
}
