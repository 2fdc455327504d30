namespace OklaMq.BillingService.Model;

public static class PaymentStatuses
{
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Refunded = "Refunded";
}

/// <summary>The values section 3.3 of the design document allows for a payment.</summary>
public static class PaymentValues
{
    public const string Dop = "DOP";
    public const string Usd = "USD";

    public const string Subscription = "Subscription";
    public const string Listing = "Listing";
    public const string Featured = "Featured";
    /// <summary>Not in the document: the deposit that reserves a vehicle (MQ-SAGA-001).</summary>
    public const string Deposit = "Deposit";

    public const string Stripe = "Stripe";
    public const string Azul = "Azul";
}
