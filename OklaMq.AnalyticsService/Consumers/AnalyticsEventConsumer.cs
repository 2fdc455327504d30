using MassTransit;
using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.AnalyticsService.Model;
using OklaMq.Contracts.Events;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Consumers;
using OklaMq.ServiceDefaults.Messaging.Topology;

namespace OklaMq.AnalyticsService.Consumers;

/// <summary>
/// Design document 5.2: every domain event is tracked (counters per type and per dealer, and the
/// latest events). A redelivered message is tracked once (<see cref="AnalyticsStore.TrackAsync"/>).
/// </summary>
public sealed partial class AnalyticsEventConsumer(AnalyticsStore store, ILogger<AnalyticsEventConsumer> logger) :
    IConsumer<VehicleCreatedEvent>,
    IConsumer<VehicleUpdatedEvent>,
    IConsumer<VehicleDeletedEvent>,
    IConsumer<VehicleSoldEvent>,
    IConsumer<VehicleStatusChangedEvent>,
    IConsumer<UserRegisteredEvent>,
    IConsumer<UserVerifiedEvent>,
    IConsumer<UserLoggedInEvent>,
    IConsumer<PaymentSuccessEvent>,
    IConsumer<PaymentFailedEvent>,
    IConsumer<SubscriptionCreatedEvent>,
    IConsumer<SubscriptionCancelledEvent>,
    IConsumer<LeadCreatedEvent>,
    IConsumer<LeadStatusUpdatedEvent>
{
    public Task Consume(ConsumeContext<VehicleCreatedEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<VehicleUpdatedEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<VehicleDeletedEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<VehicleSoldEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<VehicleStatusChangedEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<UserRegisteredEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<UserVerifiedEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<UserLoggedInEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<PaymentSuccessEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<PaymentFailedEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<SubscriptionCreatedEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<SubscriptionCancelledEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<LeadCreatedEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));
    public Task Consume(ConsumeContext<LeadStatusUpdatedEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));

    private async Task TrackAsync(ConsumeContext context, AnalyticsEvent tracked)
    {
        tracked = tracked with
        {
            MessageId = context.MessageId,
            // An event published without its own time is placed when it was sent.
            Timestamp = tracked.Timestamp == default ? context.SentTime ?? DateTime.UtcNow : tracked.Timestamp,
        };
        if (!await store.TrackAsync(tracked))
        {
            LogAlreadyTracked(tracked.EventType, context.MessageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{EventType} message {MessageId} was tracked before; not counted again")]
    private partial void LogAlreadyTracked(string eventType, Guid? messageId);
}

/// <summary>One queue, <c>analytics-events</c>, bound with <c>#</c> to every domain exchange.</summary>
public sealed class AnalyticsEventConsumerDefinition() : EventConsumerDefinition<AnalyticsEventConsumer>("analytics-events")
{
    protected override IEnumerable<QueueBinding> Bindings => Exchanges.Domain.Select(QueueBinding.AllOf);
}
