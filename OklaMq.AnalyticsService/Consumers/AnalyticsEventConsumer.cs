using MassTransit;
using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.AnalyticsService.Model;
using OklaMq.Contracts.Events;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Consumers;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using OklaMq.ServiceDefaults.Messaging.Topology;

namespace OklaMq.AnalyticsService.Consumers;

/// <summary>
/// Design document 5.2: every domain event is tracked (counters per type and per dealer, the
/// latest events and each dealer's timeline), once per message: the writes commit with the
/// inbox's processed mark (<see cref="MessageEffects"/>).
/// </summary>
public sealed class AnalyticsEventConsumer(MessageEffects effects) :
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
    IConsumer<LeadStatusUpdatedEvent>,
    IConsumer<PaymentRefundedEvent>
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
    public Task Consume(ConsumeContext<PaymentRefundedEvent> context) => TrackAsync(context, AnalyticsEvents.From(context.Message));

    private Task TrackAsync(ConsumeContext context, AnalyticsEvent tracked)
    {
        tracked = tracked with
        {
            MessageId = context.MessageId,
            // An event published without its own time is placed when it was sent.
            Timestamp = tracked.Timestamp == default ? context.SentTime ?? DateTime.UtcNow : tracked.Timestamp,
        };
        return effects.WriteAsync(redis => AnalyticsStore.Track(redis, tracked));
    }
}

/// <summary>
/// The endpoint <c>analytics-events</c>, bound with <c>#</c> to every domain exchange. Ordered across
/// instances (registered with <c>AddOrderedConsumer</c>): each dealer's timeline is in publish order.
/// </summary>
public sealed class AnalyticsEventConsumerDefinition() : EventConsumerDefinition<AnalyticsEventConsumer>("analytics-events")
{
    protected override IEnumerable<QueueBinding> Bindings => Exchanges.Domain.Select(QueueBinding.AllOf);

    // Its only effects are the Redis writes it records: one round trip to the inbox per event.
    protected override InboxMode Inbox => InboxMode.CommitOnly;
}
