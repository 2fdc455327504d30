using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.VehiclesService.Sagas;

/// <summary>The state of one reservation's sale (MQ-SAGA-001); its id is the reservation's, and its deposit's payment id.</summary>
public sealed class VehicleSale : IDurableSagaInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = string.Empty;
    public int Version { get; set; }

    public Guid VehicleId { get; set; }
    public Guid DealerId { get; set; }
    public Guid BuyerId { get; set; }
    public decimal Deposit { get; set; }
    public string Currency { get; set; } = string.Empty;
    public string Gateway { get; set; } = string.Empty;
    public DateTime RequestedAt { get; set; }

    public DateTime? PaidAt { get; set; }
    public string? PaymentFailure { get; set; }
    public decimal? SalePrice { get; set; }
    public DateTime? SoldAt { get; set; }
    public DateTime? ExpiredAt { get; set; }
    public DateTime? RefundedAt { get; set; }

    /// <summary>The reservation window's end: the timeout the instance waits for while Reserved.</summary>
    public Guid? ExpiryToken { get; set; }
    public DateTime? ExpiryDueAt { get; set; }
}

/// <summary>Timeout: the reservation window is over.</summary>
public sealed record ReservationExpiryDue(Guid ReservationId);
