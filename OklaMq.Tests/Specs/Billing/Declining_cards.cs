using OklaMq.BillingService.Infrastructure;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Billing;

/// <summary>The simulated gateway's switch: a payer's card declines a number of times, or until removed.</summary>
[Collection(RedisCollection.Name)]
public sealed class Declining_cards(LocalRedis redis)
{
    private readonly SimulatedDeclines _declines = new(redis.Connection);
    private readonly Guid _payer = Guid.NewGuid();

    private SimulatedPaymentGateway Gateway => new(_declines);

    [Fact]
    public async Task Should_decline_the_next_charges_as_often_as_set_then_approve()
    {
        await _declines.SetAsync(new(_payer, "Fondos insuficientes", Times: 2));

        var results = new[] { await Gateway.ChargeAsync(_payer), await Gateway.ChargeAsync(_payer), await Gateway.ChargeAsync(_payer) };

        Assert.Equal([false, false, true], results.Select(r => r.Approved));
        Assert.Equal("Fondos insuficientes", results[0].FailureReason);
        Assert.Null(await _declines.FindAsync(_payer));
    }

    [Fact]
    public async Task Should_decline_every_charge_until_removed()
    {
        await _declines.SetAsync(new(_payer, "Tarjeta bloqueada", Times: null));

        for (var i = 0; i < 5; i++)
        {
            Assert.False((await Gateway.ChargeAsync(_payer)).Approved);
        }
        Assert.Equal(new SimulatedDecline(_payer, "Tarjeta bloqueada", null), await _declines.FindAsync(_payer));

        await _declines.RemoveAsync(_payer);
        Assert.True((await Gateway.ChargeAsync(_payer)).Approved);
    }

    [Fact]
    public async Task Should_use_each_decline_once_under_concurrent_charges()
    {
        await _declines.SetAsync(new(_payer, "Fondos insuficientes", Times: 10));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Gateway.ChargeAsync(_payer)));

        Assert.Equal(10, results.Count(r => !r.Approved));
    }

    [Fact]
    public async Task Should_approve_other_payers()
    {
        await _declines.SetAsync(new(_payer, "Fondos insuficientes", Times: null));

        Assert.True((await Gateway.ChargeAsync(Guid.NewGuid())).Approved);
    }
}
