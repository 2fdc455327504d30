namespace OklaMq.BillingService.Model;

public static class PaymentStatuses
{
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
}

/// <summary>The values section 3.3 of the design document allows for a payment.</summary>
public static class PaymentValues
{
    public const string Dop = "DOP";
    public const string Usd = "USD";

    public const string Subscription = "Subscription";
    public const string Listing = "Listing";
    public const string Featured = "Featured";

    public const string Stripe = "Stripe";
    public const string Azul = "Azul";
}
