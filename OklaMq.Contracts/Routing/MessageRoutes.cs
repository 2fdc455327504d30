using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;

namespace OklaMq.Contracts.Routing;

/// <summary>
/// The routing table: every message type with its exchange and routing key. Publishers, consumer
/// bindings, the deserializer (routing key to type, for messages from other languages) and the
/// topology tests all read this one table.
/// </summary>
public static class MessageRoutes
{
    private const string Dealer = nameof(VehicleCreatedEvent.DealerId);

    public static IReadOnlyList<MessageRoute> All { get; } =
    [
        Event<VehicleCreatedEvent>(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated, Dealer),
        Event<VehicleUpdatedEvent>(Exchanges.VehicleEvents, RoutingKeys.VehicleUpdated, Dealer),
        Event<VehicleDeletedEvent>(Exchanges.VehicleEvents, RoutingKeys.VehicleDeleted, Dealer),
        Event<VehicleSoldEvent>(Exchanges.VehicleEvents, RoutingKeys.VehicleSold, Dealer),
        // The document's status event carries no dealer; the vehicle orders it.
        Event<VehicleStatusChangedEvent>(Exchanges.VehicleEvents, RoutingKeys.VehicleStatusChanged, nameof(VehicleStatusChangedEvent.VehicleId)),

        Event<UserRegisteredEvent>(Exchanges.UserEvents, RoutingKeys.UserRegistered, nameof(UserRegisteredEvent.UserId)),
        Event<UserVerifiedEvent>(Exchanges.UserEvents, RoutingKeys.UserVerified, nameof(UserVerifiedEvent.UserId)),
        Event<UserLoggedInEvent>(Exchanges.UserEvents, RoutingKeys.UserLoggedIn, nameof(UserLoggedInEvent.UserId)),

        Event<PaymentSuccessEvent>(Exchanges.BillingEvents, RoutingKeys.PaymentSuccess, nameof(PaymentSuccessEvent.UserId)),
        Event<PaymentFailedEvent>(Exchanges.BillingEvents, RoutingKeys.PaymentFailed, nameof(PaymentFailedEvent.UserId)),
        Event<SubscriptionCreatedEvent>(Exchanges.BillingEvents, RoutingKeys.SubscriptionCreated, Dealer),
        Event<SubscriptionCancelledEvent>(Exchanges.BillingEvents, RoutingKeys.SubscriptionCancelled, Dealer),

        Event<LeadCreatedEvent>(Exchanges.LeadEvents, RoutingKeys.LeadCreated, Dealer),
        Event<LeadStatusUpdatedEvent>(Exchanges.LeadEvents, RoutingKeys.LeadStatusChanged, nameof(LeadStatusUpdatedEvent.LeadId)),

        Command<SendEmailCommand>(RoutingKeys.SendEmail),
        Command<SendSmsCommand>(RoutingKeys.SendSms),
        Command<SendPushCommand>(RoutingKeys.SendPush),
    ];

    private static readonly Dictionary<Type, MessageRoute> ByType = All.ToDictionary(r => r.MessageType);
    private static readonly Dictionary<string, MessageRoute> ByRoutingKey = All.ToDictionary(r => r.RoutingKey, StringComparer.Ordinal);

    public static MessageRoute Of<T>() => Of(typeof(T));

    public static MessageRoute Of(Type messageType) =>
        ByType.TryGetValue(messageType, out var route)
            ? route
            : throw new ArgumentException($"{messageType.FullName} is not in the routing table (OklaMq.Contracts.Routing.MessageRoutes).", nameof(messageType));

    public static bool TryOf(Type messageType, out MessageRoute route) => ByType.TryGetValue(messageType, out route!);

    public static bool TryFindByRoutingKey(string routingKey, out MessageRoute route) => ByRoutingKey.TryGetValue(routingKey, out route!);

    /// <summary>Every exchange of the table with its type, in table order.</summary>
    public static IReadOnlyList<(string Name, string Type)> ExchangesWithTypes { get; } =
        All.Select(r => (r.Exchange, r.ExchangeType)).Distinct().ToList();

    private static MessageRoute Event<T>(string exchange, string routingKey, string orderingKey) =>
        new(typeof(T), exchange, ExchangeTypes.Topic, routingKey, orderingKey);

    private static MessageRoute Command<T>(string routingKey) =>
        new(typeof(T), Exchanges.NotificationCommands, ExchangeTypes.Direct, routingKey, nameof(SendEmailCommand.RecipientUserId));
}
