namespace OklaMq.AnalyticsService.Model;

/// <summary>
/// One tracked domain event (design document 5.2). <see cref="Properties"/> hold what analytics
/// aggregates (makes, prices, plans, sources, statuses, ids), never personal data: no emails,
/// phones, IP addresses, names or free text.
/// </summary>
/// <param name="EventType">The routing-key style name, for example <c>vehicle.created</c> or <c>payment.success</c>.</param>
/// <param name="EntityId">The business id the event is about (vehicle, user, payment, subscription, lead).</param>
/// <param name="DealerId">The dealer, when the event names one.</param>
/// <param name="Timestamp">When it happened, by the event's own clock.</param>
/// <param name="MessageId">The broker message id; a redelivery has the same one and is tracked once.</param>
public sealed record AnalyticsEvent(
    string EventType,
    Guid EntityId,
    Guid? DealerId,
    IReadOnlyDictionary<string, object?> Properties,
    DateTime Timestamp,
    Guid? MessageId = null);
