using System.ComponentModel.DataAnnotations;
using OklaMq.BillingService.Model;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.BillingService.Apis;

/// <summary>A charge. Currency defaults to DOP; <c>SimulateDecline</c> makes the simulated gateway refuse it.</summary>
public sealed record CreatePaymentRequest(
    [Required, NotEmptyGuid] Guid? UserId,
    [NotEmptyGuid] Guid? DealerId,
    [Range(typeof(decimal), "0.01", "1000000000")] decimal Amount,
    [AllowedValues(PaymentValues.Dop, PaymentValues.Usd, null)] string? Currency,
    [Required, AllowedValues(PaymentValues.Subscription, PaymentValues.Listing, PaymentValues.Featured)] string PaymentType,
    [Required, AllowedValues(PaymentValues.Stripe, PaymentValues.Azul)] string Gateway,
    bool SimulateDecline = false,
    [StringLength(200)] string? DeclineReason = null);
