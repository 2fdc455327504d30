using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using OklaMq.ServiceDefaults.Messaging.Inbox;

namespace OklaMq.Tests.Infrastructure;

/// <summary>
/// Runs consumers in MassTransit's in-memory test harness with the service's real Redis-backed
/// collaborators and the inbox (on <see cref="LocalRedis"/>). Specs publish a message, then assert what the
/// consumer published or sent, and that no <c>Fault&lt;T&gt;</c> was published.
/// </summary>
public abstract class ConsumerSpec(LocalRedis redis) : IAsyncLifetime
{
    private ServiceProvider? _provider;

    protected ITestHarness Harness { get; private set; } = null!;
    protected IServiceProvider Services => _provider!;

    /// <summary>Registers the consumers under test (with their definitions) and their collaborators.</summary>
    protected abstract void Configure(IBusRegistrationConfigurator bus, IServiceCollection services);

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(redis.Connection)
            // The inbox, as services run it: consumers run once per message, effects commit with the mark.
            .AddInbox(new ConfigurationBuilder().Build());
        services.AddMassTransitTestHarness(bus => Configure(bus, services));
        _provider = services.BuildServiceProvider(validateScopes: true);
        Harness = _provider.GetRequiredService<ITestHarness>();
        await Harness.Start();
    }

    public async Task DisposeAsync()
    {
        await Harness.Stop();
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    /// <summary>Publishes <paramref name="message"/> and waits until this message (not an earlier one of its type) was consumed (or faulted).</summary>
    protected async Task PublishAndWaitAsync<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(message, context => context.MessageId = messageId);
        Assert.True(await Harness.Consumed.Any<T>(x => x.Context.MessageId == messageId), $"{typeof(T).Name} {messageId} was not consumed.");
    }

    protected async Task AssertNoFaultAsync<T>() where T : class =>
        Assert.False(await Harness.Published.Any<Fault<T>>(), $"A Fault<{typeof(T).Name}> was published.");
}
