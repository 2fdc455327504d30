using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace OklaMq.Hosting.Redis;

/// <summary>Aspire's Redis container, as OklaMq runs and publishes it.</summary>
public static class RedisContainer
{
    /// <summary>The last BSD-licensed Redis line (Debian's 7.0.15 is what the tests run against).</summary>
    public const string ImageTag = "7.2";

    /// <summary>
    /// The inbox, the outbox and the sagas live in Redis: an append-only file (fsync every second) as
    /// for a local process, on top of Aspire's password. Published, the data is kept in a volume.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithAppendOnlyPersistence(this IResourceBuilder<RedisResource> redis)
    {
        redis.WithImageTag(ImageTag);
        if (redis.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            redis.WithDataVolume();
        }
        // Aspire starts redis-server through "/bin/sh -c '<command line>'"; the options go on that command line.
        return redis.WithArgs(context =>
        {
            var command = context.Args.ToList().FindIndex(a => a is string s && s.StartsWith("redis-server", StringComparison.Ordinal));
            if (command < 0)
            {
                throw new InvalidOperationException("Aspire's Redis container no longer starts redis-server through a shell command line; set appendonly another way.");
            }
            context.Args[command] = $"{context.Args[command]} --appendonly yes --appendfsync everysec";
        });
    }
}
