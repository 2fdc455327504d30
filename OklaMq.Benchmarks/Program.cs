using System.Diagnostics;
using System.Runtime.InteropServices;
using OklaMq.Benchmarks;
using OklaMq.Benchmarks.Reporting;
using OklaMq.Benchmarks.Scenarios;
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

Console.WriteLine("Starting a RabbitMQ node and a redis-server of the benchmark's own…");
await using var broker = await LocalRabbitMq.StartAsync("bench-rabbitmq", account, cancellationToken: stopping.Token);
await using var redis = await LocalRedis.StartAsync("bench-redis", password, cancellationToken: stopping.Token);
var endpoint = new BrokerEndpoint(broker.ConnectionString, "127.0.0.1", broker.Layout.AmqpPort, account.VirtualHost, account.UserName, account.Password);
var environment = await EnvironmentInfo.DescribeAsync(broker.ManagementUri, account.UserName, account.Password, redis.ConnectionString, stopping.Token);
Console.WriteLine($"RabbitMQ {environment.RabbitMq} (Erlang {environment.Erlang}), Redis {environment.Redis}, {environment.DotNet}, " +
    $"MassTransit {environment.MassTransit}, RabbitMQ.Client {environment.RabbitMqClient}, {environment.Cores} cores ({environment.CpuModel})");
Console.WriteLine($"Ready after {clock.Elapsed.TotalSeconds:0.0} s; {options.Runs} run(s) of {options.Messages:N0} messages per measurement.");

var loadBefore = EnvironmentInfo.LoadAverage();
Console.WriteLine($"Load average before: {loadBefore}");
var runner = new BenchmarkRunner(options, endpoint, redis.ConnectionString, Console.Out);
try
{
    await runner.RunAsync(stopping.Token);
}
catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or OperationCanceledException)
{
    Console.Error.WriteLine($"The benchmark failed: {ex.Message}");
    return 1;
}

var loadAfter = EnvironmentInfo.LoadAverage();
var table = new ResultTable(runner.Results, runner.Batches);
Console.WriteLine();
Console.WriteLine(table.Text());
Console.WriteLine(table.Goals());
if (options.WritePath is { } path)
{
    MarkdownReport.Write(path, MarkdownReport.Results(environment, options, table, started, clock.Elapsed, loadBefore, loadAfter));
    Console.WriteLine($"Written to {Path.GetFullPath(path)}");
}
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0} s.");
return 0;
