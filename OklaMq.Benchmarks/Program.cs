using System.Diagnostics;
using System.Runtime.InteropServices;
using OklaMq.Benchmarks;
using OklaMq.Benchmarks.Measurement;
using OklaMq.Benchmarks.Reporting;
using OklaMq.Benchmarks.Scenarios;
using OklaMq.Benchmarks.Systems;
using OklaMq.Hosting.Local;
using OklaMq.Hosting.RabbitMq;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

// Ctrl+C or SIGTERM stop the measurement; the broker and Redis are still stopped and removed.
using var stopping = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}

var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var password = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
var account = new BrokerAccount("okla", password, "/okla");

Console.WriteLine("Starting a RabbitMQ node, a redis-server and (for Wolverine's durable peer) a PostgreSQL of the benchmark's own…");
await using var broker = await LocalRabbitMq.StartAsync("bench-rabbitmq", account, cancellationToken: stopping.Token);
await using var redis = await LocalRedis.StartAsync("bench-redis", password, cancellationToken: stopping.Token);
// Wolverine's durable inbox and outbox. Asynchronous commit: a power loss may lose the last moment's
// commits and a crash of the server none, the same promise as Redis's appendfsync everysec.
await using var postgres = options.Scenarios.Contains("http-wolverine-durable")
    ? await LocalPostgres.StartAsync("bench-postgres", account.UserName, password,
        new Dictionary<string, string> { ["synchronous_commit"] = "off", ["max_connections"] = "300" }, cancellationToken: stopping.Token)
    : null;
var endpoint = new BrokerEndpoint(broker.ConnectionString, "127.0.0.1", broker.Layout.AmqpPort, account.VirtualHost, account.UserName, account.Password);
var environment = await EnvironmentInfo.DescribeAsync(broker.ManagementUri, account.UserName, account.Password, redis.ConnectionString, stopping.Token);
Console.WriteLine($"RabbitMQ {environment.RabbitMq} (Erlang {environment.Erlang}), Redis {environment.Redis}, {environment.DotNet}, " +
    $"MassTransit {environment.MassTransit}, RabbitMQ.Client {environment.RabbitMqClient}, {environment.Cores} cores ({environment.CpuModel})");
Console.WriteLine($"Ready after {clock.Elapsed.TotalSeconds:0.0} s; {options.Runs} run(s) of {options.Messages:N0} messages per measurement.");

var loadBefore = EnvironmentInfo.LoadAverage();
Console.WriteLine($"Load average before: {loadBefore}");
var runner = new BenchmarkRunner(options, endpoint, redis.ConnectionString, Console.Out);
await using var effects = await EffectObserver.StartAsync(redis.ConnectionString);
var systems = new SystemRunner(options,
    new SystemContext(endpoint, broker.ManagementUri, redis.ConnectionString, postgres?.ConnectionString, effects, options),
    [.. broker.ProcessIds, redis.ProcessId, .. (postgres is null ? Array.Empty<int>() : new[] { postgres.ProcessId })],
    Console.Out);
try
{
    await runner.RunAsync(stopping.Token);
    await systems.RunAsync(stopping.Token);
}
catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException or HttpRequestException)
{
    Console.Error.WriteLine($"The benchmark failed: {ex.Message}");
    return 1;
}

var loadAfter = EnvironmentInfo.LoadAverage();
var table = new ResultTable(runner.Results, runner.Batches);
var systemTable = new SystemTable(systems.Results);
Console.WriteLine();
Console.WriteLine(table.Text());
Console.WriteLine(systemTable.Text());
Console.WriteLine(table.Goals());
Console.WriteLine(systemTable.Goals());
if (options.WritePath is { } path)
{
    MarkdownReport.Write(path, MarkdownReport.Results(environment, options, table, systemTable, started, clock.Elapsed, loadBefore, loadAfter));
    Console.WriteLine($"Written to {Path.GetFullPath(path)}");
}
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0} s.");
return 0;
