using System.ComponentModel.DataAnnotations;
using OklaMq.BillingService.Model;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.BillingService.Apis;

/// <summary>A dealer takes a plan of the catalogue (basic, pro, enterprise), charged through <c>Gateway</c> (Azul when left out).</summary>
public sealed record CreateSubscriptionRequest(
    [Required, NotEmptyGuid] Guid? DealerId,
    [Required, StringLength(50)] string PlanId,
    [AllowedValues(PaymentValues.Stripe, PaymentValues.Azul, null)] string? Gateway = null);

public sealed record CancelSubscriptionRequest(
    [Required, StringLength(500, MinimumLength = 1)] string Reason);
