namespace OklaMq.Contracts.Routing;

/// <summary>The routing keys of design document section 7.2, plus the notification commands of 7.1.</summary>
public static class RoutingKeys
{
    public const string VehicleCreated = "vehicle.created";
    public const string VehicleUpdated = "vehicle.updated";
    public const string VehicleDeleted = "vehicle.deleted";
    public const string VehicleSold = "vehicle.sold";
    public const string VehicleStatusChanged = "vehicle.status.changed";

    public const string UserRegistered = "user.registered";
    public const string UserVerified = "user.verified";
    public const string UserLoggedIn = "user.login";

    public const string PaymentSuccess = "billing.payment.success";
    public const string PaymentFailed = "billing.payment.failed";
    public const string SubscriptionCreated = "billing.subscription.created";
    public const string SubscriptionCancelled = "billing.subscription.cancelled";

    public const string LeadCreated = "lead.created";
    public const string LeadStatusChanged = "lead.status.changed";

    public const string SendEmail = "send.email";
    public const string SendSms = "send.sms";
    public const string SendPush = "send.push";

    // The vehicle sale and subscription activation sagas (docs/sagas.md).
    public const string PaymentRefunded = "billing.payment.refunded";
    public const string ReserveVehicle = "vehicle.reserve";
    public const string ConfirmVehicleSale = "vehicle.sale.confirm";
    public const string ActivateSubscription = "billing.subscription.activate";
    public const string RequestPayment = "billing.payment.request";
    public const string RefundPayment = "billing.payment.refund";

    /// <summary>Topic pattern that matches every key of an exchange (the analytics binding).</summary>
    public const string All = "#";
}
