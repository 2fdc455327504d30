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
    private const string Vehicle = nameof(VehicleCreatedEvent.VehicleId);
    private const string Subscription = nameof(SubscriptionCreatedEvent.SubscriptionId);
    private const string Reservation = nameof(ReserveVehicleCommand.ReservationId);
    private const string Payment = nameof(RequestPaymentCommand.PaymentId);

    public static IReadOnlyList<MessageRoute> All { get; } =
    [
        Event<VehicleCreatedEvent>(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated, Dealer, Vehicle),
        Event<VehicleUpdatedEvent>(Exchanges.VehicleEvents, RoutingKeys.VehicleUpdated, Dealer),
        Event<VehicleDeletedEvent>(Exchanges.VehicleEvents, RoutingKeys.VehicleDeleted, Dealer, Vehicle),
        Event<VehicleSoldEvent>(Exchanges.VehicleEvents, RoutingKeys.VehicleSold, Dealer, Vehicle),
        // The document's status event carries no dealer; the vehicle orders it.
        Event<VehicleStatusChangedEvent>(Exchanges.VehicleEvents, RoutingKeys.VehicleStatusChanged, nameof(VehicleStatusChangedEvent.VehicleId)),

        Event<UserRegisteredEvent>(Exchanges.UserEvents, RoutingKeys.UserRegistered, nameof(UserRegisteredEvent.UserId), nameof(UserRegisteredEvent.UserId)),
        Event<UserVerifiedEvent>(Exchanges.UserEvents, RoutingKeys.UserVerified, nameof(UserVerifiedEvent.UserId)),
        Event<UserLoggedInEvent>(Exchanges.UserEvents, RoutingKeys.UserLoggedIn, nameof(UserLoggedInEvent.UserId)),

        Event<PaymentSuccessEvent>(Exchanges.BillingEvents, RoutingKeys.PaymentSuccess, nameof(PaymentSuccessEvent.UserId), nameof(PaymentSuccessEvent.PaymentId)),
        Event<PaymentFailedEvent>(Exchanges.BillingEvents, RoutingKeys.PaymentFailed, nameof(PaymentFailedEvent.UserId), nameof(PaymentFailedEvent.PaymentId)),
        Event<SubscriptionCreatedEvent>(Exchanges.BillingEvents, RoutingKeys.SubscriptionCreated, Dealer, Subscription),
        Event<SubscriptionCancelledEvent>(Exchanges.BillingEvents, RoutingKeys.SubscriptionCancelled, Dealer, Subscription),

        Event<LeadCreatedEvent>(Exchanges.LeadEvents, RoutingKeys.LeadCreated, Dealer, nameof(LeadCreatedEvent.LeadId)),
        Event<LeadStatusUpdatedEvent>(Exchanges.LeadEvents, RoutingKeys.LeadStatusChanged, nameof(LeadStatusUpdatedEvent.LeadId)),

        Command<SendEmailCommand>(RoutingKeys.SendEmail),
        Command<SendSmsCommand>(RoutingKeys.SendSms),
        Command<SendPushCommand>(RoutingKeys.SendPush),

        // The vehicle sale (MQ-SAGA-001) and subscription activation (MQ-SAGA-002) sagas.
        Event<PaymentRefundedEvent>(Exchanges.BillingEvents, RoutingKeys.PaymentRefunded, nameof(PaymentRefundedEvent.UserId), nameof(PaymentRefundedEvent.PaymentId)),
        Command<ReserveVehicleCommand>(Exchanges.VehicleCommands, RoutingKeys.ReserveVehicle, Vehicle, Reservation),
        Command<ConfirmVehicleSaleCommand>(Exchanges.VehicleCommands, RoutingKeys.ConfirmVehicleSale, Vehicle, Reservation),
        Command<ActivateSubscriptionCommand>(Exchanges.BillingCommands, RoutingKeys.ActivateSubscription, Dealer, Subscription),
        Command<RequestPaymentCommand>(Exchanges.BillingCommands, RoutingKeys.RequestPayment, nameof(RequestPaymentCommand.UserId), Payment),
        Command<RefundPaymentCommand>(Exchanges.BillingCommands, RoutingKeys.RefundPayment, Payment, Payment),
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

    private static MessageRoute Event<T>(string exchange, string routingKey, string orderingKey, string? idempotencyKey = null) =>
        new(typeof(T), exchange, ExchangeTypes.Topic, routingKey, orderingKey, idempotencyKey);

    private static MessageRoute Command<T>(string routingKey) =>
        new(typeof(T), Exchanges.NotificationCommands, ExchangeTypes.Direct, routingKey, nameof(SendEmailCommand.RecipientUserId), nameof(SendEmailCommand.NotificationId));

    private static MessageRoute Command<T>(string exchange, string routingKey, string orderingKey, string idempotencyKey) =>
        new(typeof(T), exchange, ExchangeTypes.Direct, routingKey, orderingKey, idempotencyKey);
}
