using System.Text.Json;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.Tests.Infrastructure;

/// <summary>
/// Runs a durable saga in MassTransit's in-memory test harness as a service runs it: on the Redis
/// saga repository and the inbox (on <see cref="LocalRedis"/>), with its own outbox stream, and its
/// timeouts on a <see cref="ControlledScheduler"/> whose clock the spec moves. Each spec gets a saga
/// name of its own, so its state indexes and counts are its own. Specs assert what was stored (the
/// instance, through the harness's <c>Exists</c> and the store) and what the transitions committed to
/// the outbox, and that no <c>Fault&lt;T&gt;</c> was published.
/// </summary>
public abstract class SagaSpec<TMachine, TInstance>(LocalRedis redis, string saga) : IAsyncLifetime
    where TMachine : DurableStateMachine<TInstance>
    where TInstance : class, IDurableSagaInstance
{
    private ServiceProvider? _provider;

    protected string SagaName { get; } = $"{saga}-{Guid.NewGuid():N}";
    protected string OutboxStream { get; } = $"spec:outbox:{Guid.NewGuid():N}";
    protected ControlledScheduler Scheduler { get; } = new();
    protected ITestHarness Harness { get; private set; } = null!;
    protected ISagaStateMachineTestHarness<TMachine, TInstance> Saga { get; private set; } = null!;
    protected TMachine Machine => Services.GetRequiredService<TMachine>();
    protected IServiceProvider Services => _provider!;
    protected RedisSagaStore<TInstance> Store => Services.GetRequiredService<RedisSagaStore<TInstance>>();

    /// <summary>Configuration of the saga (its intervals), as a service's.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual void Configure(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            // A missing instance is looked for again as often as a conflict is retried: a few times is enough here.
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{SagaOptions.SectionName}:{nameof(SagaOptions.ConflictRetryLimit)}"] = "3" })
            .AddInMemoryCollection(Settings)
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(redis.Connection)
            .AddSingleton<TimeProvider>(Scheduler.Clock)
            .AddSingleton(Options.Create(new OutboxOptions { StreamKey = OutboxStream }))
            .AddSingleton<RedisOutbox>()
            // The outbox is on: a state change's events go to the stream (nothing here publishes them).
            .AddSingleton<IDomainEventPublisher, NoDirectPublishing>()
            .AddInbox(configuration);
        Configure(services);
        services.AddMassTransitTestHarness(bus =>
        {
            bus.AddDurableSaga<TMachine, TInstance>(SagaName);
            bus.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.AddPrePipeSpecification(new FilterPipeSpecification<ConsumeContext>(Scheduler)));
        });
        _provider = services.BuildServiceProvider(validateScopes: true);
        Harness = _provider.GetRequiredService<ITestHarness>();
        await Harness.Start();
        Saga = Harness.GetSagaStateMachineHarness<TMachine, TInstance>();
    }

    public async Task DisposeAsync()
    {
        await Harness.Stop();
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    /// <summary>Publishes <paramref name="message"/> and waits until the saga consumed it.</summary>
    protected async Task PublishAndWaitAsync<T>(T message, Action<PublishContext<T>>? configure = null) where T : class
    {
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(message, context =>
        {
            context.MessageId = messageId;
            configure?.Invoke(context);
        });
        // The bus's record: a message the saga acknowledged without a transition (a duplicate, a missing instance) never reaches the saga's.
        Assert.True(await ConsumedAsync(x => x.Context.MessageId == messageId), $"The saga did not consume {typeof(T).Name} {messageId}.");
    }

    /// <summary>Moves the clock and delivers the timeouts due, then waits until each of them was consumed.</summary>
    protected async Task AdvanceAsync(TimeSpan by)
    {
        var now = Scheduler.Clock.GetUtcNow().UtcDateTime + by;
        var due = Scheduler.Pending.Where(s => s.At <= now).Select(s => s.TokenId).ToList();
        await Scheduler.AdvanceAsync(by, Harness.Bus);
        foreach (var token in due)
        {
            Assert.True(await ConsumedAsync(x => x.Context.Headers.Get<Guid>("MT-Scheduling-TokenId") == token), $"The timeout with token {token} was not consumed.");
        }
    }

    /// <summary>
    /// Waits up to the harness's test timeout until a matching message was consumed. Polled rather than
    /// <c>Consumed.Any</c>, which gives up after the harness's inactivity timeout, which a busy machine outlasts.
    /// </summary>
    private async Task<bool> ConsumedAsync(FilterDelegate<IReceivedMessage> match)
    {
        for (var waited = TimeSpan.Zero; waited < Harness.TestTimeout; waited += TimeSpan.FromMilliseconds(50))
        {
            if (Harness.Consumed.Select(match).Any())
            {
                return true;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
        return false;
    }

    /// <summary>Waits until the stored instance (<c>Exists</c>, through the repository) is in <paramref name="state"/>, and returns it as stored.</summary>
    protected async Task<TInstance> StoredInStateAsync(Guid id, Func<TMachine, State> state)
    {
        Assert.True(await Saga.Exists(id) is not null, $"Saga {id} is not stored.");
        var expected = state(Machine).Name;
        var stored = await Store.FindAsync(id);
        for (var wait = 0; wait < 100 && stored?.CurrentState != expected; wait++)
        {
            await Task.Delay(50);
            stored = await Store.FindAsync(id);
        }
        Assert.True(stored?.CurrentState == expected, $"Saga {id} is stored in state {stored?.CurrentState}, not {expected}.");
        return stored!;
    }

    /// <summary>What the saga's committed transitions put into the outbox, oldest first: (routing key, body).</summary>
    protected async Task<IReadOnlyList<(string RoutingKey, JsonElement Body)>> OutboxAsync()
    {
        var entries = await redis.Connection.GetDatabase().StreamRangeAsync(OutboxStream);
        return entries.Select(e =>
        {
            var fields = e.Values.ToDictionary(v => v.Name.ToString(), v => v.Value);
            return (fields["routing_key"].ToString(), JsonDocument.Parse((byte[])fields["body"]!).RootElement.Clone());
        }).ToList();
    }

    protected async Task AssertNoFaultAsync<T>() where T : class =>
        Assert.False(await Harness.Published.Any<Fault<T>>(), $"A Fault<{typeof(T).Name}> was published.");
}
