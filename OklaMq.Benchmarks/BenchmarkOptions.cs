using System.Globalization;
using OklaMq.Benchmarks.Scenarios;
using OklaMq.Benchmarks.Systems;

namespace OklaMq.Benchmarks;

/// <summary>The command line. Every option has a default; <c>--smoke</c> shrinks everything for CI.</summary>
public sealed class BenchmarkOptions
{
    /// <summary>The scenarios of a default run, in table order.</summary>
    public static readonly string[] DefaultScenarios = ["raw", "masstransit", "masstransit-tuned", "pipeline", "saga"];

    /// <summary>Also: one side of the pipeline with the raw client on the other, to tell apart what each side costs.</summary>
    public static readonly string[] AllScenarios = [.. DefaultScenarios, "pipeline-publisher", "pipeline-consumer"];

    public int Messages { get; private set; } = 20_000;
    public int Runs { get; private set; } = 3;
    public int? WarmupMessages { get; private set; }
    public double LatencySeconds { get; private set; } = 5;
    public int Window { get; private set; } = 256;
    public int BatchSize { get; private set; } = 256;
    public int BatchRepeats { get; private set; } = 5;
    public TimeSpan Stall { get; private set; } = TimeSpan.FromSeconds(30);
    public IReadOnlyList<string> Scenarios { get; private set; } = [.. DefaultScenarios, .. SystemScenarios.All];
    public IReadOnlyList<QueueKind> Queues { get; private set; } = [QueueKind.Classic, QueueKind.Quorum];

    /// <summary>
    /// Requests per peak measurement of a real-path scenario (http-*): enough for the services to
    /// run at their steady pace; with 3,000, OklaMq's were still compiling (docs/benchmarks.md).
    /// </summary>
    public int Requests { get; private set; } = 20_000;

    /// <summary>Events per peak measurement of a scale scenario (scale-*).</summary>
    public int ScaleEvents { get; private set; } = 3_000;
    public int HttpConcurrency { get; private set; } = 64;
    public IReadOnlyList<int> Instances { get; private set; } = [1, 2, 4];
    public IReadOnlyList<int> BodySizes { get; private set; } = [1024, 16 * 1024];
    public Dictionary<string, string> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Named configurations of the pipeline measured beside its base configuration, interleaved in every run.</summary>
    public List<PipelineVariant> Variants { get; } = [];
    public string? WritePath { get; private set; }
    public bool Smoke { get; private set; }
    public bool Help { get; private set; }
    public IReadOnlyList<string> Arguments { get; private set; } = [];

    /// <summary>Messages of the warm-up before each scenario's measurement.</summary>
    public int Warmup => WarmupMessages ?? Math.Clamp(Messages / 5, 20, 2_000);

    /// <summary>
    /// Requests or events of the warm-up before a system measurement of <paramref name="count"/>:
    /// as many, at most 3,000. The service processes are fresh, and a profile of a shorter warm-up
    /// found them still compiling (tiered JIT) through the measured phase (docs/benchmarks.md).
    /// </summary>
    public int SystemWarmup(int count) => WarmupMessages ?? Math.Clamp(count, 20, 3_000);

    public const string Usage = """
        OklaMq.Benchmarks: raw RabbitMQ.Client vs MassTransit vs the OklaMq pipeline, and the services' real path vs
        Wolverine, on a broker, a Redis and a PostgreSQL of its own.

          dotnet run -c Release --project OklaMq.Benchmarks -- [options]

          --messages N          messages per peak measurement (default 20000)
          --runs N              runs; scenarios are interleaved within each run (default 3)
          --warmup N            warm-up messages before each measurement (default messages/5, at most 2000; in a
                                system scenario as many as its measurement, at most 3000)
          --latency-seconds S   length of the latency measurement at half of the measured peak (default 5)
          --window N            publishes in flight for raw, masstransit-tuned and pipeline (default 256; masstransit awaits each)
          --batch N             PublishBatchAsync size, compared with an awaited PublishAsync loop (default 256; 0: skip)
          --batch-repeats N     batch comparisons per run (default 5)
          --scenarios a,b       raw, masstransit, masstransit-tuned, pipeline, saga (quorum only) (default), and for profiling pipeline-publisher
                                (OklaMq publisher, raw consumer) and pipeline-consumer (raw publisher, OklaMq endpoint)
                                system scenarios (service processes, quorum queues, effects seen in Redis):
                                http-outbox, http-direct, http-wolverine, http-wolverine-durable, scale-analytics,
                                scale-notification (default: all of the above but pipeline-publisher and pipeline-consumer)
          --queues a,b          classic, quorum (default both)
          --requests N          requests per peak measurement of an http-* scenario (default 20000)
          --events N            events per peak measurement of a scale-* scenario (default 3000)
          --http-concurrency N  requests in flight in the http-* scenarios (default 64)
          --instances a,b       consumer instances of the scale-* scenarios (default 1,2,4)
          --sizes a,b           event body sizes in bytes of the scale-* scenarios (default 1024,16384)
          --set Key=Value       configuration of the pipeline's host, e.g. --set RabbitMQ:PrefetchCount=64 (repeatable);
                                also Benchmark:Telemetry=false (no AddServiceDefaults), Benchmark:InboxMode=ClaimFirst
                                (the inbox as a publishing consumer uses it), Messaging:Inbox:Enabled=false, and
                                Benchmark:ConsumerEffect=true (the consumer also writes a counter to Redis, as Analytics does)
          --variant NAME:K=V;K=V
                                a pipeline configuration measured beside the base one, interleaved in the same runs,
                                e.g. --variant "prefetch64:RabbitMQ:PrefetchCount=64;RabbitMQ:ConcurrentMessageLimit=32" (repeatable)
          --stall-seconds S     fail when no message is consumed for S seconds (default 30)
          --write PATH          write the results into PATH (markdown; text outside the results markers is kept)
          --smoke               tiny run for CI: --messages 200 --runs 1 --latency-seconds 1 --batch 32 --batch-repeats 1
                                --requests 50 --events 50 --instances 1,2 --sizes 16384
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions { Arguments = args };
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture) is var n && n >= 0 ? n : throw new ArgumentException($"{name} must not be negative.");
            double Double() => double.Parse(Value(), CultureInfo.InvariantCulture);

            switch (name)
            {
                case "--messages": options.Messages = Math.Max(1, Int()); break;
                case "--runs": options.Runs = Math.Max(1, Int()); break;
                case "--warmup": options.WarmupMessages = Int(); break;
                case "--latency-seconds": options.LatencySeconds = Double(); break;
                case "--window": options.Window = Math.Max(1, Int()); break;
                case "--batch": options.BatchSize = Int(); break;
                case "--batch-repeats": options.BatchRepeats = Math.Max(1, Int()); break;
                case "--stall-seconds": options.Stall = TimeSpan.FromSeconds(Double()); break;
                case "--scenarios": options.Scenarios = List(Value(), [.. AllScenarios, .. SystemScenarios.All]); break;
                case "--requests": options.Requests = Math.Max(1, Int()); break;
                case "--events": options.ScaleEvents = Math.Max(1, Int()); break;
                case "--http-concurrency": options.HttpConcurrency = Math.Max(1, Int()); break;
                case "--instances": options.Instances = Numbers(Value()); break;
                case "--sizes": options.BodySizes = Numbers(Value()); break;
                case "--queues": options.Queues = List(Value(), ["classic", "quorum"]).Select(q => Enum.Parse<QueueKind>(q, ignoreCase: true)).ToArray(); break;
                case "--write": options.WritePath = Value(); break;
                case "--variant":
                    options.Variants.Add(PipelineVariant.Parse(Value()));
                    break;
                case "--set":
                    var setting = Value().Split('=', 2);
                    options.Settings[setting[0]] = setting.Length == 2 ? setting[1] : throw new ArgumentException("--set needs Key=Value.");
                    break;
                case "--smoke":
                    options.Smoke = true;
                    options.Messages = 200;
                    options.Runs = 1;
                    options.LatencySeconds = 1;
                    options.BatchSize = 32;
                    options.BatchRepeats = 1;
                    options.Requests = 50;
                    options.ScaleEvents = 50;
                    options.Instances = [1, 2];
                    options.BodySizes = [16 * 1024];
                    break;
                case "--help" or "-h": options.Help = true; break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }
        return options;
    }

    private static int[] Numbers(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => int.Parse(n, CultureInfo.InvariantCulture) is var number and > 0 ? number : throw new ArgumentException($"'{n}' must be positive."))
            .Order()
            .ToArray();

    private static string[] List(string value, string[] allowed)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = items.Where(i => !allowed.Contains(i, StringComparer.OrdinalIgnoreCase)).ToList();
        return unknown.Count == 0
            ? items.Select(i => allowed.First(a => a.Equals(i, StringComparison.OrdinalIgnoreCase))).ToArray()
            : throw new ArgumentException($"Unknown value(s) {string.Join(", ", unknown)}; expected {string.Join(", ", allowed)}.");
    }
}

/// <summary>A named set of configuration keys for the pipeline's host, on top of <c>--set</c>.</summary>
public sealed record PipelineVariant(string Name, IReadOnlyDictionary<string, string> Settings)
{
    public static readonly PipelineVariant Base = new(string.Empty, new Dictionary<string, string>());

    public static PipelineVariant Parse(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            throw new ArgumentException($"--variant needs NAME:Key=Value;Key=Value, not '{text}'.");
        }
        var settings = text[(colon + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Split('=', 2))
            .ToDictionary(
                kv => kv[0],
                kv => kv.Length == 2 ? kv[1] : throw new ArgumentException($"--variant setting '{kv[0]}' needs Key=Value."),
                StringComparer.OrdinalIgnoreCase);
        return new(text[..colon], settings);
    }

    public override string ToString() => $"{Name}: {string.Join(", ", Settings.Select(s => $"{s.Key}={s.Value}"))}";
}
