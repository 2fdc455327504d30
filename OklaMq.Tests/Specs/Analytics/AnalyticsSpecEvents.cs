using MassTransit;
using OklaMq.Contracts.Events;

namespace OklaMq.Tests.Specs.Analytics;

/// <summary>
/// One of each of the fifteen events for one fresh dealer, with fresh ids, and with personal data
/// (names, phones, emails, an IP address, free text) wherever the contract lets it in.
/// </summary>
internal sealed class AnalyticsSpecEvents
{
    public const string ContactName = "José Martínez";
    public const string ContactPhone = "809-555-0142";
    public const string ContactEmail = "jose.contacto@example.test";
    public const string UserEmail = "ana.gomez@example.test";
    public const string UserName = "Ana Gómez";
    public const string IpAddress = "190.167.33.21";
    public const string UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)";
    public const string FreeTextPhone = "829-555-0123";
    public const string FreeTextEmail = "gerente@example.test";

    public static readonly DateTime At = new(2026, 4, 20, 14, 30, 0, DateTimeKind.Utc);

    public Guid DealerId { get; } = Guid.NewGuid();
    public Guid UserId { get; } = Guid.NewGuid();
    public Guid BuyerId { get; } = Guid.NewGuid();

    public VehicleCreatedEvent VehicleCreated { get; }
    public VehicleUpdatedEvent VehicleUpdated { get; }
    public VehicleDeletedEvent VehicleDeleted { get; }
    public VehicleSoldEvent VehicleSold { get; }
    public VehicleStatusChangedEvent VehicleStatusChanged { get; }
    public UserRegisteredEvent UserRegistered { get; }
    public UserVerifiedEvent UserVerified { get; }
    public UserLoggedInEvent UserLoggedIn { get; }
    public PaymentSuccessEvent PaymentSuccess { get; }
    public PaymentFailedEvent PaymentFailed { get; }
    public SubscriptionCreatedEvent SubscriptionCreated { get; }
    public SubscriptionCancelledEvent SubscriptionCancelled { get; }
    public LeadCreatedEvent LeadCreated { get; }
    public LeadStatusUpdatedEvent LeadStatusUpdated { get; }
    public PaymentRefundedEvent PaymentRefunded { get; }

    public AnalyticsSpecEvents()
    {
        var vehicleId = Guid.NewGuid();
        VehicleCreated = new() { VehicleId = vehicleId, DealerId = DealerId, Make = "Toyota", Model = "RAV4", Year = 2021, Price = 1_850_000m, CreatedAt = At, CorrelationId = Guid.NewGuid() };
        VehicleUpdated = new() { VehicleId = vehicleId, DealerId = DealerId, Changes = new() { ["price"] = 1_800_000m, ["description"] = $"Llamar al {FreeTextPhone}" }, UpdatedAt = At.AddMinutes(1), UpdatedBy = DealerId };
        VehicleStatusChanged = new() { VehicleId = vehicleId, OldStatus = "Pending", NewStatus = "Active", Reason = $"Aprobado por {UserName}", ChangedAt = At.AddMinutes(2) };
        VehicleSold = new() { VehicleId = vehicleId, DealerId = DealerId, BuyerId = BuyerId, SalePrice = 1_790_000m, SoldAt = At.AddMinutes(3) };
        VehicleDeleted = new() { VehicleId = Guid.NewGuid(), DealerId = DealerId, Reason = $"Vendido a {ContactName}", DeletedAt = At.AddMinutes(4), DeletedBy = DealerId };
        UserRegistered = new() { UserId = UserId, Email = UserEmail, FullName = UserName, AccountType = "Individual", ReferralCode = "ANAGOMEZ26", RegisteredAt = At.AddMinutes(5) };
        UserVerified = new() { UserId = UserId, VerificationType = "Phone", VerifiedAt = At.AddMinutes(6) };
        UserLoggedIn = new() { UserId = UserId, IpAddress = IpAddress, UserAgent = UserAgent, LoggedInAt = At.AddMinutes(7) };
        PaymentSuccess = new() { PaymentId = Guid.NewGuid(), UserId = UserId, DealerId = DealerId, Amount = 4_500m, Currency = "DOP", PaymentType = "Featured", Gateway = "Azul", TransactionId = "AZ-1", ProcessedAt = At.AddMinutes(8) };
        PaymentFailed = new() { PaymentId = Guid.NewGuid(), UserId = UserId, Amount = 2_990m, FailureReason = "Fondos insuficientes", Gateway = "Stripe", FailedAt = At.AddMinutes(9) };
        SubscriptionCreated = new() { SubscriptionId = Guid.NewGuid(), DealerId = DealerId, PlanId = "dealer-pro", PlanName = "Dealer Pro", MonthlyPrice = 7_500m, StartDate = At.AddMinutes(10) };
        SubscriptionCancelled = new() { SubscriptionId = SubscriptionCreated.SubscriptionId, DealerId = DealerId, CancellationReason = $"Escribir a {FreeTextEmail}", CancelledAt = At.AddMinutes(11), EffectiveEndDate = At.AddDays(20) };
        LeadCreated = new() { LeadId = Guid.NewGuid(), VehicleId = vehicleId, DealerId = DealerId, BuyerId = BuyerId, ContactName = ContactName, ContactPhone = ContactPhone, ContactEmail = ContactEmail, Source = "WhatsApp", CreatedAt = At.AddMinutes(12) };
        PaymentRefunded = new() { PaymentId = PaymentSuccess.PaymentId, UserId = UserId, DealerId = DealerId, Amount = 4_500m, Currency = "DOP", Reason = $"Pedido por {UserName} al {FreeTextPhone}", RefundedAt = At.AddMinutes(14) };
        LeadStatusUpdated = new() { LeadId = LeadCreated.LeadId, OldStatus = "New", NewStatus = "Contacted", Notes = $"{UserName}, {FreeTextPhone}", UpdatedAt = At.AddMinutes(13) };
    }

    /// <summary>The personal data above; none of it may reach analytics properties.</summary>
    public static IReadOnlyList<string> PersonalData { get; } =
        [ContactName, ContactPhone, ContactEmail, UserEmail, UserName, IpAddress, UserAgent, FreeTextPhone, FreeTextEmail, "ANAGOMEZ26"];

    /// <summary>Publishes the fifteen events in routing-table order, one after the other.</summary>
    public async Task PublishAllAsync(IBus bus)
    {
        await bus.Publish(VehicleCreated);
        await bus.Publish(VehicleUpdated);
        await bus.Publish(VehicleDeleted);
        await bus.Publish(VehicleSold);
        await bus.Publish(VehicleStatusChanged);
        await bus.Publish(UserRegistered);
        await bus.Publish(UserVerified);
        await bus.Publish(UserLoggedIn);
        await bus.Publish(PaymentSuccess);
        await bus.Publish(PaymentFailed);
        await bus.Publish(SubscriptionCreated);
        await bus.Publish(SubscriptionCancelled);
        await bus.Publish(LeadCreated);
        await bus.Publish(LeadStatusUpdated);
        await bus.Publish(PaymentRefunded);
    }
}
