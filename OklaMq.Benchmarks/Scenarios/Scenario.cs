using OklaMq.Benchmarks.Measurement;

namespace OklaMq.Benchmarks.Scenarios;

public enum QueueKind
{
    Classic,
    Quorum,
}

/// <summary>
/// One way of moving messages from a publisher to a consumer in this process, through the
/// benchmark's broker, onto one queue of <see cref="Queue"/>'s kind. Started fresh for every
/// measurement and disposed after it, with its queue deleted, so scenarios never share a queue.
/// </summary>
public interface IScenario : IAsyncDisposable
{
    string Name { get; }
    QueueKind Queue { get; }

    /// <summary>Publishes allowed in flight at once: 1 means each publish is awaited before the next.</summary>
    int Window { get; }

    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Publishes one ~1 KB persistent message stamped with <paramref name="stampTicks"/>.</summary>
    Task PublishAsync(int index, long stampTicks, CancellationToken cancellationToken);
}

/// <summary>A scenario that can also publish a batch the way its API offers (the pipeline's <c>PublishBatchAsync</c>).</summary>
public interface IBatchPublishingScenario : IScenario
{
    Task PublishBatchAsync(int firstIndex, int count, long stampTicks, CancellationToken cancellationToken);
}

/// <param name="Settings">Configuration of the pipeline's host: <c>--set</c>, then the variant's keys.</param>
public sealed record ScenarioContext(BrokerEndpoint Broker, string RedisConnectionString, ConsumeRecorder Recorder, BenchmarkOptions Options, IReadOnlyDictionary<string, string> Settings);

/// <summary>Where the benchmark's broker is.</summary>
public sealed record BrokerEndpoint(string ConnectionString, string Host, int Port, string VirtualHost, string UserName, string Password);
