using System.Security.Cryptography;

namespace OklaMq.BillingService.Infrastructure;

/// <summary>What a gateway answered to a charge.</summary>
public sealed record GatewayResult(bool Approved, string? TransactionId, string? FailureReason);

/// <summary>
/// Stands in for Stripe and Azul: no external call. It approves every charge unless the caller asks
/// for a decline, or the payer's card is set to decline (<see cref="SimulatedDeclines"/>), so the
/// failure paths (and their events, and a subscription's dunning) can be exercised on purpose.
/// Refunds are always approved.
/// </summary>
public sealed class SimulatedPaymentGateway(SimulatedDeclines declines)
{
    public const string DefaultDeclineReason = "Card declined by the issuer (simulated).";

    public async Task<GatewayResult> ChargeAsync(Guid payerId, bool simulateDecline = false, string? declineReason = null)
    {
        if (simulateDecline)
        {
            return Declined(declineReason);
        }
        return await declines.TakeAsync(payerId) is { } reason
            ? Declined(reason)
            : new GatewayResult(true, "txn_" + RandomNumberGenerator.GetHexString(24, lowercase: true), null);
    }

    private static GatewayResult Declined(string? reason) =>
        new(false, null, string.IsNullOrWhiteSpace(reason) ? DefaultDeclineReason : reason.Trim());
}
