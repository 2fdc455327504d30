using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OklaMq.ServiceDefaults.Messaging.FaultInjection;

namespace OklaMq.ServiceDefaults.Messaging.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// Adds the Redis outbox and its relay. Needs the service's Redis connection
    /// (<c>AddCache</c>) and <see cref="MessagingExtensions.AddMessaging{TBuilder}"/>.
    /// </summary>
    public static TBuilder AddOutbox<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<OutboxOptions>()
            .Bind(builder.Configuration.GetSection(OutboxOptions.SectionName))
            .Configure(options =>
            {
                if (builder.Configuration[$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.StreamKey)}"] is null)
                {
                    options.StreamKey = $"okla:outbox:{builder.Environment.ApplicationName}";
                }
            })
            .ValidateDataAnnotations()
            .Validate(
                options => options.PublishTimeout > TimeSpan.Zero && options.PublishTimeout * 2 <= options.LeaseDuration,
                $"{OutboxOptions.SectionName}:{nameof(OutboxOptions.PublishTimeout)} must be positive and at most half of {OutboxOptions.SectionName}:{nameof(OutboxOptions.LeaseDuration)}, so that a batch ends while its relay still holds the lease.")
            .ValidateOnStart();
        builder.Services.AddOptions<FaultInjectionOptions>().Bind(builder.Configuration.GetSection(FaultInjectionOptions.SectionName));
        builder.Services.AddSingleton<RedisOutbox>();
        builder.Services.AddSingleton<RedisAggregateStore>();
        if (builder.Configuration.GetValue($"{OutboxOptions.SectionName}:{nameof(OutboxOptions.Enabled)}", defaultValue: true))
        {
            builder.Services.AddHostedService<OutboxRelay>();
        }
        return builder;
    }
}
