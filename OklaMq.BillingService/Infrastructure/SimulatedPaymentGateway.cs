using System.Security.Cryptography;

namespace OklaMq.BillingService.Infrastructure;

/// <summary>What a gateway answered to a charge.</summary>
public sealed record GatewayResult(bool Approved, string? TransactionId, string? FailureReason);

/// <summary>
/// Stands in for Stripe and Azul: no external call. It approves every charge unless the caller asks
/// for a decline, so the failure path (and its event) can be exercised on purpose.
/// </summary>
public sealed class SimulatedPaymentGateway
{
    public const string DefaultDeclineReason = "Card declined by the issuer (simulated).";

    public GatewayResult Charge(bool simulateDecline, string? declineReason) =>
        simulateDecline
            ? new GatewayResult(false, null, string.IsNullOrWhiteSpace(declineReason) ? DefaultDeclineReason : declineReason.Trim())
            : new GatewayResult(true, "txn_" + RandomNumberGenerator.GetHexString(24, lowercase: true), null);
}
