using System.Globalization;
using OklaMq.Benchmarks.Scenarios;

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
    public IReadOnlyList<string> Scenarios { get; private set; } = DefaultScenarios;
    public IReadOnlyList<QueueKind> Queues { get; private set; } = [QueueKind.Classic, QueueKind.Quorum];
    public Dictionary<string, string> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Named configurations of the pipeline measured beside its base configuration, interleaved in every run.</summary>
    public List<PipelineVariant> Variants { get; } = [];
    public string? WritePath { get; private set; }
    public bool Smoke { get; private set; }
    public bool Help { get; private set; }
    public IReadOnlyList<string> Arguments { get; private set; } = [];

    /// <summary>Messages of the warm-up before each scenario's measurement.</summary>
    public int Warmup => WarmupMessages ?? Math.Clamp(Messages / 5, 20, 2_000);

    public const string Usage = """
        OklaMq.Benchmarks: raw RabbitMQ.Client vs MassTransit vs the OklaMq pipeline, on a broker and a Redis of its own.

          dotnet run -c Release --project OklaMq.Benchmarks -- [options]

          --messages N          messages per peak measurement (default 20000)
          --runs N              runs; scenarios are interleaved within each run (default 3)
          --warmup N            warm-up messages before each measurement (default messages/5, at most 2000)
          --latency-seconds S   length of the latency measurement at half of the measured peak (default 5)
          --window N            publishes in flight for raw, masstransit-tuned and pipeline (default 256; masstransit awaits each)
          --batch N             PublishBatchAsync size, compared with an awaited PublishAsync loop (default 256; 0: skip)
          --batch-repeats N     batch comparisons per run (default 5)
          --scenarios a,b       raw, masstransit, masstransit-tuned, pipeline, saga (quorum only) (default), and for profiling pipeline-publisher
                                (OklaMq publisher, raw consumer) and pipeline-consumer (raw publisher, OklaMq endpoint)
          --queues a,b          classic, quorum (default both)
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
                case "--scenarios": options.Scenarios = List(Value(), AllScenarios); break;
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
                    break;
                case "--help" or "-h": options.Help = true; break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }
        return options;
    }

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
