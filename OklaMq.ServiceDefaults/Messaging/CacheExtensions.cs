using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging;

public static class CacheExtensions
{
    /// <summary>The Aspire resource (and connection string) name of Redis.</summary>
    public const string ConnectionName = "cache";

    /// <summary>Which threads read Redis's replies (<see cref="RedisSocketThreads"/>).</summary>
    public const string SocketThreadsSetting = "Redis:SocketThreads";

    /// <summary>
    /// Redis through Aspire's client (health check, metrics). Its per-command tracing is off: the
    /// inbox makes one or two Redis calls per consumed message, and a span for each cost more client
    /// CPU than the command itself (docs/benchmarks.md); consume and publish spans say what happened.
    /// Replies are read on .NET's thread pool unless <see cref="SocketThreadsSetting"/> says otherwise.
    /// </summary>
    public static TBuilder AddCache<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var threads = builder.Configuration.GetValue(SocketThreadsSetting, RedisSocketThreads.ThreadPool);
        builder.AddRedisClient(ConnectionName, settings => settings.DisableTracing = true, options =>
            options.SocketManager = threads == RedisSocketThreads.ThreadPool ? SocketManager.ThreadPool : SocketManager.Shared);
        return builder;
    }
}
