using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OklaMq.ServiceDefaults.Messaging;

namespace OklaMq.Benchmarks.Scenarios;

/// <summary>
/// The generic host a scenario runs a service's pipeline in: the run's broker and Redis as the
/// service's connection strings, the given log levels, then the run's <c>--set</c> settings.
/// Records still go to OpenTelemetry's logger as in a service; the terminal only shows problems.
/// </summary>
public static class ServiceHost
{
    public static HostApplicationBuilder CreateBuilder(ScenarioContext context, IReadOnlyDictionary<string, string> logLevels)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "OklaMq.Benchmarks",
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{MessagingExtensions.ConnectionName}"] = context.Broker.ConnectionString,
            [$"ConnectionStrings:{CacheExtensions.ConnectionName}"] = context.RedisConnectionString,
            ["RabbitMQ:VirtualHost"] = context.Broker.VirtualHost,
        });
        builder.Configuration.AddInMemoryCollection(logLevels.Select(l => new KeyValuePair<string, string?>($"Logging:LogLevel:{l.Key}", l.Value)));
        builder.Configuration.AddInMemoryCollection(context.Settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole();
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        return builder;
    }
}
