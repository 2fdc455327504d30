using System.ComponentModel.DataAnnotations;

namespace OklaMq.BillingService.Apis;

/// <summary>Decline the payer's next <c>Times</c> charges (every one until removed when null), with this reason.</summary>
public sealed record DeclineCardRequest(
    [Range(1, 1000)] int? Times,
    [StringLength(200)] string? Reason);
