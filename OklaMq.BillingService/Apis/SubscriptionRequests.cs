using System.ComponentModel.DataAnnotations;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.BillingService.Apis;

/// <summary>A dealer takes a plan of the catalogue (basic, pro, enterprise).</summary>
public sealed record CreateSubscriptionRequest(
    [Required, NotEmptyGuid] Guid? DealerId,
    [Required, StringLength(50)] string PlanId);

public sealed record CancelSubscriptionRequest(
    [Required, StringLength(500, MinimumLength = 1)] string Reason);
