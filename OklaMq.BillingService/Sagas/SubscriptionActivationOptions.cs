using System.ComponentModel.DataAnnotations;
using OklaMq.BillingService.Model;

namespace OklaMq.BillingService.Sagas;

/// <summary>Settings of MQ-SAGA-002 (<c>Sagas:SubscriptionActivation</c>).</summary>
public sealed class SubscriptionActivationOptions : IValidatableObject
{
    public const string SectionName = "Sagas:SubscriptionActivation";

    public static readonly IReadOnlyList<TimeSpan> DefaultDunningIntervals = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(3)];

    /// <summary>
    /// The dunning schedule: how long after each failed charge the next is tried; unset means
    /// <see cref="DefaultDunningIntervals"/> (a default array would be appended to, not replaced, by
    /// configuration). One charge more than intervals: when the last fails, the subscription is cancelled.
    /// </summary>
    public TimeSpan[]? DunningIntervals { get; set; }

    public IReadOnlyList<TimeSpan> EffectiveDunningIntervals => DunningIntervals ?? DefaultDunningIntervals;

    /// <summary>Where a subscription is charged when its request names no gateway.</summary>
    [AllowedValues(PaymentValues.Stripe, PaymentValues.Azul)]
    public string Gateway { get; set; } = PaymentValues.Azul;

    public int Charges => EffectiveDunningIntervals.Count + 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EffectiveDunningIntervals.Any(i => i <= TimeSpan.Zero))
        {
            yield return new ValidationResult("Every dunning interval must be positive.", [nameof(DunningIntervals)]);
        }
    }
}
