using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.Tests.Infrastructure;
using OklaMq.VehiclesService.Infrastructure;
using OklaMq.VehiclesService.Model;
using OklaMq.VehiclesService.Sagas;

namespace OklaMq.Tests.Specs.Sagas;

/// <summary>
/// MQ-SAGA-001 on the Redis saga repository and the inbox, with the vehicle in Redis as Vehicles
/// keeps it and the reservation window under a clock the spec moves. What the saga asks of Billing
/// (the deposit, its refund) and what the vehicle's changes publish are read from the outbox.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class Selling_a_reserved_vehicle(LocalRedis redis)
    : SagaSpec<VehicleSaleStateMachine, VehicleSale>(redis, "vehicle-sale")
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(48);
    private const decimal Price = 1_150_000m;
    private const decimal Deposit = 57_500m;

    private readonly Guid _reservationId = Guid.NewGuid();
    private readonly Guid _vehicleId = Guid.NewGuid();
    private readonly Guid _dealerId = Guid.NewGuid();
    private readonly Guid _buyerId = Guid.NewGuid();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"{VehicleSaleOptions.SectionName}:ReservationWindow"] = Window.ToString("c"),
    };

    protected override void Configure(IServiceCollection services)
    {
        services.AddSingleton<RedisAggregateStore>().AddSingleton<VehicleRepository>().AddSingleton<VehicleSales>();
        services.AddOptions<VehicleSaleOptions>().BindConfiguration(VehicleSaleOptions.SectionName);
    }

    private VehicleRepository Vehicles => Services.GetRequiredService<VehicleRepository>();

    private DateTime Now => Scheduler.Clock.GetUtcNow().UtcDateTime;

    /// <summary>The vehicle as the reservation request leaves it: Active, and held for this reservation.</summary>
    private Task HoldVehicleAsync() =>
        Vehicles.AddAsync(new Vehicle
        {
            Id = _vehicleId,
            DealerId = _dealerId,
            Make = "Toyota",
            Model = "Corolla",
            Year = 2021,
            Price = Price,
            Status = VehicleStatuses.Active,
            Reservation = new VehicleReservation(_reservationId, _buyerId, Deposit, Now),
        }, Guid.NewGuid());

    /// <summary>The reservation request: the vehicle held, and the command that starts the saga.</summary>
    private async Task ReserveAsync()
    {
        await HoldVehicleAsync();
        await PublishAndWaitAsync(Reserve());
    }

    private ReserveVehicleCommand Reserve() => new()
    {
        ReservationId = _reservationId,
        VehicleId = _vehicleId,
        DealerId = _dealerId,
        BuyerId = _buyerId,
        Deposit = Deposit,
        Gateway = "Azul",
        RequestedAt = Now,
    };

    private PaymentSuccessEvent DepositPaid(Guid? paymentId = null) => new()
    {
        PaymentId = paymentId ?? _reservationId,
        UserId = _buyerId,
        DealerId = _dealerId,
        Amount = Deposit,
        PaymentType = VehicleSaleStateMachine.DepositPaymentType,
        Gateway = "Azul",
        TransactionId = "txn_spec",
        ProcessedAt = Now,
    };

    private PaymentFailedEvent DepositDeclined() => new()
    {
        PaymentId = _reservationId,
        UserId = _buyerId,
        Amount = Deposit,
        FailureReason = "Fondos insuficientes",
        Gateway = "Azul",
        FailedAt = Now,
    };

    private PaymentRefundedEvent DepositRefunded() => new()
    {
        PaymentId = _reservationId,
        UserId = _buyerId,
        DealerId = _dealerId,
        Amount = Deposit,
        Reason = "The reservation expired without the dealer's confirmation.",
        RefundedAt = Now,
    };

    private ConfirmVehicleSaleCommand Confirmed() => new()
    {
        ReservationId = _reservationId,
        VehicleId = _vehicleId,
        DealerId = _dealerId,
        SalePrice = 1_100_000m,
        ConfirmedAt = Now,
    };

    /// <summary>What the dealer's confirmation request records on the vehicle before its command reaches the saga.</summary>
    private async Task RecordConfirmationAsync()
    {
        var stored = (await Vehicles.FindAsync(_vehicleId))!;
        Assert.True(await Vehicles.UpdateAsync(stored, stored.Value with { Reservation = stored.Value.Reservation! with { ConfirmedAt = Now } }, Guid.NewGuid()));
    }

    private async Task<Vehicle> VehicleAsync() => (await Vehicles.FindAsync(_vehicleId))!.Value;

    private async Task<IReadOnlyList<string>> RoutingKeysAsync() => (await OutboxAsync()).Select(m => m.RoutingKey).ToList();

    private async Task<JsonElement> SingleAsync(string routingKey) => Assert.Single(await OutboxAsync(), m => m.RoutingKey == routingKey).Body;

    private async Task ReservedAsync()
    {
        await ReserveAsync();
        await PublishAndWaitAsync(DepositPaid());
        await StoredInStateAsync(_reservationId, m => m.Reserved);
    }

    [Fact]
    public async Task Should_ask_billing_for_the_deposit_once_the_reservation_is_stored()
    {
        await ReserveAsync();

        var stored = await StoredInStateAsync(_reservationId, m => m.AwaitingDeposit);
        Assert.Equal(_vehicleId, stored.VehicleId);
        Assert.Equal(Deposit, stored.Deposit);
        var request = Assert.Single(await OutboxAsync());
        Assert.Equal(RoutingKeys.RequestPayment, request.RoutingKey);
        Assert.Equal(_reservationId, request.Body.GetProperty("correlationId").GetGuid());
        Assert.Equal(_reservationId, request.Body.GetProperty("paymentId").GetGuid());
        Assert.Equal(_buyerId, request.Body.GetProperty("userId").GetGuid());
        Assert.Equal(Deposit, request.Body.GetProperty("amount").GetDecimal());
        Assert.Equal("Deposit", request.Body.GetProperty("paymentType").GetString());
        Assert.Equal(VehicleStatuses.Active, (await VehicleAsync()).Status);
        await AssertNoFaultAsync<ReserveVehicleCommand>();
    }

    [Fact]
    public async Task Should_reserve_the_vehicle_and_start_the_window_when_the_deposit_is_paid()
    {
        await ReserveAsync();
        var paidAt = Now;

        await PublishAndWaitAsync(DepositPaid());

        var stored = await StoredInStateAsync(_reservationId, m => m.Reserved);
        Assert.Equal(paidAt + Window, stored.ExpiryDueAt);
        Assert.Equal([stored.ExpiryToken!.Value], Scheduler.Pending.Select(p => p.TokenId));
        Assert.Equal(VehicleStatuses.Reserved, (await VehicleAsync()).Status);
        var changed = await SingleAsync(RoutingKeys.VehicleStatusChanged);
        Assert.Equal("Active", changed.GetProperty("oldStatus").GetString());
        Assert.Equal("Reserved", changed.GetProperty("newStatus").GetString());
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_sell_the_vehicle_to_the_buyer_when_the_dealer_confirms()
    {
        await ReservedAsync();
        await RecordConfirmationAsync();

        await PublishAndWaitAsync(Confirmed());

        var stored = await StoredInStateAsync(_reservationId, m => m.Sold);
        Assert.Null(stored.ExpiryToken);
        Assert.Equal(1_100_000m, stored.SalePrice);
        var vehicle = await VehicleAsync();
        Assert.Equal(VehicleStatuses.Sold, vehicle.Status);
        Assert.Equal(_buyerId, vehicle.BuyerId);
        Assert.Equal(1_100_000m, vehicle.SalePrice);
        Assert.Null(vehicle.Reservation);
        var sold = await SingleAsync(RoutingKeys.VehicleSold);
        Assert.Equal(_buyerId, sold.GetProperty("buyerId").GetGuid());
        Assert.Equal(1_100_000m, sold.GetProperty("salePrice").GetDecimal());
        Assert.DoesNotContain(RoutingKeys.RefundPayment, await RoutingKeysAsync());
        await AssertNoFaultAsync<ConfirmVehicleSaleCommand>();
    }

    [Fact]
    public async Task Should_release_the_vehicle_when_the_deposit_is_declined()
    {
        await ReserveAsync();

        await PublishAndWaitAsync(DepositDeclined());

        var stored = await StoredInStateAsync(_reservationId, m => m.Declined);
        Assert.Equal("Fondos insuficientes", stored.PaymentFailure);
        var vehicle = await VehicleAsync();
        Assert.Equal(VehicleStatuses.Active, vehicle.Status);
        Assert.Null(vehicle.Reservation);
        Assert.Equal([RoutingKeys.RequestPayment], await RoutingKeysAsync());
        Assert.Empty(Scheduler.Pending);
        await AssertNoFaultAsync<PaymentFailedEvent>();
    }

    [Fact]
    public async Task Should_keep_the_reservation_until_its_window_ends()
    {
        await ReservedAsync();

        await AdvanceAsync(Window - TimeSpan.FromMinutes(1));

        await StoredInStateAsync(_reservationId, m => m.Reserved);
        Assert.Equal(VehicleStatuses.Reserved, (await VehicleAsync()).Status);
        Assert.Single(Scheduler.Pending);
    }

    [Fact]
    public async Task Should_make_the_vehicle_active_again_and_refund_the_deposit_when_the_window_ends_unconfirmed()
    {
        await ReservedAsync();

        await AdvanceAsync(Window);

        var refunding = await StoredInStateAsync(_reservationId, m => m.Refunding);
        Assert.NotNull(refunding.ExpiredAt);
        Assert.Null(refunding.ExpiryToken);
        var vehicle = await VehicleAsync();
        Assert.Equal(VehicleStatuses.Active, vehicle.Status);
        Assert.Null(vehicle.Reservation);
        var refund = await SingleAsync(RoutingKeys.RefundPayment);
        Assert.Equal(_reservationId, refund.GetProperty("paymentId").GetGuid());
        var changes = (await OutboxAsync()).Where(m => m.RoutingKey == RoutingKeys.VehicleStatusChanged).Select(m => m.Body.GetProperty("newStatus").GetString());
        Assert.Equal(["Reserved", "Active"], changes);

        await PublishAndWaitAsync(DepositRefunded());

        var expired = await StoredInStateAsync(_reservationId, m => m.Expired);
        Assert.NotNull(expired.RefundedAt);
        await AssertNoFaultAsync<ReservationExpiryDue>();
        await AssertNoFaultAsync<PaymentRefundedEvent>();
    }

    [Fact]
    public async Task Should_sell_when_the_dealer_confirmed_within_the_window_though_the_confirmation_arrives_after_it()
    {
        await ReservedAsync();
        await RecordConfirmationAsync();

        await AdvanceAsync(Window);

        var stored = await StoredInStateAsync(_reservationId, m => m.Reserved);
        Assert.Empty(Scheduler.Pending);
        Assert.Null(stored.ExpiryToken);
        Assert.Null(stored.ExpiredAt);
        Assert.Equal(VehicleStatuses.Reserved, (await VehicleAsync()).Status);
        Assert.DoesNotContain(RoutingKeys.RefundPayment, await RoutingKeysAsync());

        await PublishAndWaitAsync(Confirmed());

        await StoredInStateAsync(_reservationId, m => m.Sold);
        Assert.Equal(VehicleStatuses.Sold, (await VehicleAsync()).Status);
    }

    [Fact]
    public async Task Should_ignore_the_windows_end_after_the_sale()
    {
        await ReservedAsync();
        await RecordConfirmationAsync();
        await PublishAndWaitAsync(Confirmed());
        await StoredInStateAsync(_reservationId, m => m.Sold);

        // The delay queues cannot take the timeout back: it arrives, and is not the instance's any more.
        await AdvanceAsync(Window);

        Assert.Empty(Scheduler.Pending);
        await StoredInStateAsync(_reservationId, m => m.Sold);
        Assert.Equal(VehicleStatuses.Sold, (await VehicleAsync()).Status);
        Assert.DoesNotContain(RoutingKeys.RefundPayment, await RoutingKeysAsync());
        await AssertNoFaultAsync<ReservationExpiryDue>();
    }

    [Fact]
    public async Task Should_not_sell_on_a_confirmation_that_arrives_after_the_reservation_expired()
    {
        await ReservedAsync();
        await AdvanceAsync(Window);
        await StoredInStateAsync(_reservationId, m => m.Refunding);

        await PublishAndWaitAsync(Confirmed());

        await StoredInStateAsync(_reservationId, m => m.Refunding);
        Assert.Equal(VehicleStatuses.Active, (await VehicleAsync()).Status);
        Assert.DoesNotContain(RoutingKeys.VehicleSold, await RoutingKeysAsync());
        await AssertNoFaultAsync<ConfirmVehicleSaleCommand>();
    }

    [Fact]
    public async Task Should_reserve_once_when_the_deposit_and_the_reservation_are_delivered_twice()
    {
        await ReserveAsync();
        await PublishAndWaitAsync(Reserve());
        await PublishAndWaitAsync(DepositPaid());
        // Another copy, with another message id: the inbox knows a payment by its payment id.
        await PublishAndWaitAsync(DepositPaid());

        var stored = await StoredInStateAsync(_reservationId, m => m.Reserved);
        Assert.Equal(2, stored.Version);
        Assert.Equal([RoutingKeys.RequestPayment, RoutingKeys.VehicleStatusChanged], await RoutingKeysAsync());
        Assert.Single(Scheduler.Pending);
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_take_no_payment_but_its_own_deposit()
    {
        // A payment for no reservation (a listing, a subscription), and one before this reservation
        // asked for its deposit: neither starts a sale nor is taken for one.
        await PublishAndWaitAsync(DepositPaid(paymentId: Guid.NewGuid()));
        await PublishAndWaitAsync(DepositPaid());
        Assert.True(await Saga.NotExists(_reservationId) is null, "A payment started a sale.");

        await ReserveAsync();

        await StoredInStateAsync(_reservationId, m => m.AwaitingDeposit);
        Assert.Equal(VehicleStatuses.Active, (await VehicleAsync()).Status);
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_ignore_a_confirmation_for_a_sale_it_does_not_know()
    {
        await PublishAndWaitAsync(Confirmed());

        Assert.True(await Saga.NotExists(_reservationId) is null, "A confirmation started a sale.");
        Assert.Empty(await OutboxAsync());
        await AssertNoFaultAsync<ConfirmVehicleSaleCommand>();
    }
}
