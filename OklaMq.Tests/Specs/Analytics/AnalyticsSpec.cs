using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.AnalyticsService.Consumers;
using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.AnalyticsService.Model;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Analytics;

/// <summary>Analytics' consumer on the test harness, over its store in the specs' Redis.</summary>
public abstract class AnalyticsSpec(LocalRedis redis) : ConsumerSpec(redis)
{
    protected AnalyticsStore Store => Services.GetRequiredService<AnalyticsStore>();

    protected sealed override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<AnalyticsEventConsumer, AnalyticsEventConsumerDefinition>();
        services.AddSingleton<AnalyticsStore>();
    }

    /// <summary>Records <paramref name="tracked"/> in the store as the consumer would, without a message.</summary>
    protected async Task TrackDirectlyAsync(AnalyticsEvent tracked)
    {
        var effects = new RedisEffects();
        AnalyticsStore.Track(effects, tracked);
        await Services.GetRequiredService<RedisInboxScripts>().ApplyAsync(effects);
    }
}
