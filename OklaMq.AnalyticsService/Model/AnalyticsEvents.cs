using OklaMq.Contracts.Events;

namespace OklaMq.AnalyticsService.Model;

/// <summary>
/// Maps each domain event to what analytics records. Properties are categorical or numeric fields
/// and ids only. Left out on purpose: contact names, phones and emails (leads), IP address and user
/// agent (logins), the referral code, and free text a person typed (deletion, status-change and
/// cancellation reasons, lead notes, the values of vehicle changes) because it can hold anything.
/// </summary>
public static class AnalyticsEvents
{
    public const string VehicleCreated = "vehicle.created";
    public const string VehicleUpdated = "vehicle.updated";
    public const string VehicleDeleted = "vehicle.deleted";
    public const string VehicleSold = "vehicle.sold";
    public const string VehicleStatusChanged = "vehicle.status.changed";
    public const string UserRegistered = "user.registered";
    public const string UserVerified = "user.verified";
    public const string UserLoggedIn = "user.login";
    public const string PaymentSuccess = "payment.success";
    public const string PaymentFailed = "payment.failed";
    public const string SubscriptionCreated = "subscription.created";
    public const string SubscriptionCancelled = "subscription.cancelled";
    public const string LeadCreated = "lead.created";
    public const string LeadStatusChanged = "lead.status.changed";
    public const string PaymentRefunded = "payment.refunded";

    /// <summary>Every event type, in the order of the routing table.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        VehicleCreated, VehicleUpdated, VehicleDeleted, VehicleSold, VehicleStatusChanged,
        UserRegistered, UserVerified, UserLoggedIn,
        PaymentSuccess, PaymentFailed, SubscriptionCreated, SubscriptionCancelled,
        LeadCreated, LeadStatusChanged,
        PaymentRefunded,
    ];

    private const string Dop = "DOP";

    public static AnalyticsEvent From(VehicleCreatedEvent e) => new(VehicleCreated, e.VehicleId, e.DealerId, new Dictionary<string, object?>
    {
        ["make"] = e.Make,
        ["model"] = e.Model,
        ["year"] = e.Year,
        ["price"] = e.Price,
        ["status"] = e.Status,
    }, e.CreatedAt);

    /// <summary>Which fields changed, not their values (a description may hold a phone number).</summary>
    public static AnalyticsEvent From(VehicleUpdatedEvent e) => new(VehicleUpdated, e.VehicleId, e.DealerId, new Dictionary<string, object?>
    {
        ["changed_fields"] = e.Changes.Keys.Order(StringComparer.Ordinal).ToArray(),
        ["updated_by"] = e.UpdatedBy,
    }, e.UpdatedAt);

    public static AnalyticsEvent From(VehicleDeletedEvent e) => new(VehicleDeleted, e.VehicleId, e.DealerId, new Dictionary<string, object?>
    {
        ["deleted_by"] = e.DeletedBy,
    }, e.DeletedAt);

    public static AnalyticsEvent From(VehicleSoldEvent e) => new(VehicleSold, e.VehicleId, e.DealerId, new Dictionary<string, object?>
    {
        ["sale_price"] = e.SalePrice,
        ["buyer_id"] = e.BuyerId,
    }, e.SoldAt);

    public static AnalyticsEvent From(VehicleStatusChangedEvent e) => new(VehicleStatusChanged, e.VehicleId, null, new Dictionary<string, object?>
    {
        ["old_status"] = e.OldStatus,
        ["new_status"] = e.NewStatus,
    }, e.ChangedAt);

    public static AnalyticsEvent From(UserRegisteredEvent e) => new(UserRegistered, e.UserId, null, new Dictionary<string, object?>
    {
        ["account_type"] = e.AccountType,
        ["referred"] = !string.IsNullOrWhiteSpace(e.ReferralCode),
    }, e.RegisteredAt);

    public static AnalyticsEvent From(UserVerifiedEvent e) => new(UserVerified, e.UserId, null, new Dictionary<string, object?>
    {
        ["verification_type"] = e.VerificationType,
    }, e.VerifiedAt);

    public static AnalyticsEvent From(UserLoggedInEvent e) => new(UserLoggedIn, e.UserId, null, new Dictionary<string, object?>(), e.LoggedInAt);

    public static AnalyticsEvent From(PaymentSuccessEvent e) => new(PaymentSuccess, e.PaymentId, e.DealerId, new Dictionary<string, object?>
    {
        ["amount"] = e.Amount,
        ["currency"] = string.IsNullOrWhiteSpace(e.Currency) ? Dop : e.Currency,
        ["payment_type"] = e.PaymentType,
        ["gateway"] = e.Gateway,
        ["user_id"] = e.UserId,
    }, e.ProcessedAt);

    /// <summary>The failure reason is the gateway's (declined, insufficient funds…), kept: it is why analytics counts failures.</summary>
    public static AnalyticsEvent From(PaymentFailedEvent e) => new(PaymentFailed, e.PaymentId, null, new Dictionary<string, object?>
    {
        ["amount"] = e.Amount,
        ["currency"] = Dop,
        ["gateway"] = e.Gateway,
        ["failure_reason"] = e.FailureReason,
        ["user_id"] = e.UserId,
    }, e.FailedAt);

    public static AnalyticsEvent From(SubscriptionCreatedEvent e) => new(SubscriptionCreated, e.SubscriptionId, e.DealerId, new Dictionary<string, object?>
    {
        ["plan_id"] = e.PlanId,
        ["plan_name"] = e.PlanName,
        ["monthly_price"] = e.MonthlyPrice,
        ["currency"] = Dop,
        ["end_date"] = e.EndDate,
    }, e.StartDate);

    public static AnalyticsEvent From(SubscriptionCancelledEvent e) => new(SubscriptionCancelled, e.SubscriptionId, e.DealerId, new Dictionary<string, object?>
    {
        ["effective_end_date"] = e.EffectiveEndDate,
    }, e.CancelledAt);

    public static AnalyticsEvent From(LeadCreatedEvent e) => new(LeadCreated, e.LeadId, e.DealerId, new Dictionary<string, object?>
    {
        ["vehicle_id"] = e.VehicleId,
        ["source"] = e.Source,
        ["buyer_id"] = e.BuyerId,
    }, e.CreatedAt);

    public static AnalyticsEvent From(LeadStatusUpdatedEvent e) => new(LeadStatusChanged, e.LeadId, null, new Dictionary<string, object?>
    {
        ["old_status"] = e.OldStatus,
        ["new_status"] = e.NewStatus,
    }, e.UpdatedAt);

    /// <summary>Without the refund's reason: free text.</summary>
    public static AnalyticsEvent From(PaymentRefundedEvent e) => new(PaymentRefunded, e.PaymentId, e.DealerId, new Dictionary<string, object?>
    {
        ["amount"] = e.Amount,
        ["currency"] = string.IsNullOrWhiteSpace(e.Currency) ? Dop : e.Currency,
        ["user_id"] = e.UserId,
    }, e.RefundedAt);
}
