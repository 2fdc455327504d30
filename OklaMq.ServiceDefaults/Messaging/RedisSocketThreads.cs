namespace OklaMq.ServiceDefaults.Messaging;

/// <summary>Which threads read Redis's replies: the <c>Redis:SocketThreads</c> setting.</summary>
public enum RedisSocketThreads
{
    /// <summary>
    /// .NET's thread pool, the default: a reply completes on the pool that runs the consumer anyway.
    /// On 2 cores the inbox's pipeline used ~16% less client CPU per message than with the dedicated
    /// threads (docs/benchmarks.md).
    /// </summary>
    ThreadPool,

    /// <summary>
    /// StackExchange.Redis's own dedicated threads (its default): for a process that blocks pool
    /// threads (sync over async), where replies would wait for a free pool thread.
    /// </summary>
    Dedicated,
}
