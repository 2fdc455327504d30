using System.ComponentModel.DataAnnotations;

namespace OklaMq.VehiclesService.Sagas;

/// <summary>Settings of MQ-SAGA-001 (<c>Sagas:VehicleSale</c>).</summary>
public sealed class VehicleSaleOptions
{
    public const string SectionName = "Sagas:VehicleSale";

    /// <summary>How long a paid reservation waits for the dealer's confirmation before its deposit is refunded.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan ReservationWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>The deposit, in percent of the vehicle's price.</summary>
    [Range(0.01, 100)]
    public decimal DepositPercent { get; set; } = 5;

    /// <summary>Where the deposit is charged when the reservation names no gateway.</summary>
    [AllowedValues("Stripe", "Azul")]
    public string Gateway { get; set; } = "Azul";

    public decimal DepositFor(decimal price) => Math.Round(price * DepositPercent / 100, 2, MidpointRounding.AwayFromZero);
}
