using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OklaMq.ServiceDefaults.Messaging;

public static class CacheExtensions
{
    /// <summary>The Aspire resource (and connection string) name of Redis.</summary>
    public const string ConnectionName = "cache";

    /// <summary>
    /// Redis through Aspire's client (health check, metrics). Its per-command tracing is off: the
    /// inbox makes one or two Redis calls per consumed message, and a span for each cost more client
    /// CPU than the command itself (docs/benchmarks.md); consume and publish spans say what happened.
    /// The connection is made as the service starts (<see cref="RedisConnectionWarmUp"/>).
    /// </summary>
    public static TBuilder AddCache<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddRedisClient(ConnectionName, settings => settings.DisableTracing = true);
        builder.Services.AddHostedService<RedisConnectionWarmUp>();
        return builder;
    }
}
