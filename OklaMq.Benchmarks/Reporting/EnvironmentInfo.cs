using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace OklaMq.Benchmarks.Reporting;

/// <summary>The machine and the versions a result belongs to.</summary>
public sealed record EnvironmentInfo(
    int Cores,
    string CpuModel,
    string Memory,
    string OperatingSystem,
    string DotNet,
    string RabbitMq,
    string Erlang,
    string Redis,
    string MassTransit,
    string RabbitMqClient,
    string GarbageCollector)
{
    public static async Task<EnvironmentInfo> DescribeAsync(Uri management, string user, string password, string redisConnectionString, CancellationToken cancellationToken)
    {
        var (rabbit, erlang) = await BrokerVersionsAsync(management, user, password, cancellationToken);
        return new EnvironmentInfo(
            Environment.ProcessorCount,
            ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            ProcField("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var total)
                ? $"{total / 1024.0 / 1024.0:0.0} GiB"
                : "unknown",
            File.Exists("/proc/sys/kernel/osrelease") ? $"{OsName()}, kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}" : OsName(),
            RuntimeInformation.FrameworkDescription,
            rabbit,
            erlang,
            await RedisVersionAsync(redisConnectionString),
            VersionOf(typeof(MassTransit.IBus).Assembly),
            VersionOf(typeof(RabbitMQ.Client.IConnection).Assembly),
            System.Runtime.GCSettings.IsServerGC ? "server" : "workstation");
    }

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine shows here.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<(string RabbitMq, string Erlang)> BrokerVersionsAsync(Uri management, string user, string password, CancellationToken cancellationToken)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            using var overview = JsonDocument.Parse(await http.GetStringAsync("api/overview", cancellationToken));
            return (overview.RootElement.GetProperty("rabbitmq_version").GetString() ?? "?", overview.RootElement.GetProperty("erlang_version").GetString() ?? "?");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
        {
            return ("unknown", "unknown");
        }
    }

    private static async Task<string> RedisVersionAsync(string connectionString)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        return redis.GetServer(redis.GetEndPoints()[0]).Version.ToString();
    }

    private static string VersionOf(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?";
        return version.Split('+')[0];
    }

    private static string? ProcField(string file, string field)
    {
        if (!File.Exists(file))
        {
            return null;
        }
        return File.ReadLines(file)
            .Where(l => l.StartsWith(field, StringComparison.Ordinal))
            .Select(l => l.Split(':', 2)[1].Trim())
            .FirstOrDefault();
    }

    private static string OsName() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "Linux"
            : RuntimeInformation.OSDescription;
}
