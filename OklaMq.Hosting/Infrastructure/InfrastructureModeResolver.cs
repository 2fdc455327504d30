using System.Runtime.CompilerServices;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace OklaMq.Hosting.Infrastructure;

/// <summary>
/// Decides once per AppHost how RabbitMQ and Redis run. Publishing always describes containers
/// (what a deployment runs); a run picks containers or processes as <see cref="InfrastructureOptions.Mode"/> says.
/// </summary>
public static class InfrastructureModeResolver
{
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, ResolvedInfrastructure> Resolved = new();

    public static ResolvedInfrastructure Resolve(IDistributedApplicationBuilder builder) =>
        Resolved.GetValue(builder, static b => ResolveOnce(b));

    private static ResolvedInfrastructure ResolveOnce(IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(InfrastructureOptions.SectionName).Get<InfrastructureOptions>() ?? new();
        if (!builder.ExecutionContext.IsRunMode)
        {
            return new(InfrastructureMode.Container, options);
        }

        var mode = options.Mode switch
        {
            InfrastructureMode.Auto when ContainerRuntimeProbe.IsHealthy(options.ContainerRuntimeProbeTimeout) => InfrastructureMode.Container,
            InfrastructureMode.Auto => InfrastructureMode.Process,
            var chosen => chosen,
        };

        if (mode == InfrastructureMode.Process)
        {
            EnsureInstalled(options, explicitlyChosen: options.Mode == InfrastructureMode.Process);
        }
        return new(mode, options);
    }

    private static void EnsureInstalled(InfrastructureOptions options, bool explicitlyChosen)
    {
        string[] binaries = [options.RabbitMqServerPath, options.RedisServerPath, options.EpmdPath];
        var missing = binaries.Where(path => !File.Exists(path)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var why = explicitlyChosen
            ? "Infrastructure:Mode is 'process'"
            : "no healthy container runtime was found (docker info did not answer)";
        throw new DistributedApplicationException(
            $"OklaMq cannot start RabbitMQ and Redis: {why} and {string.Join(", ", missing)} not found. " +
            "Install them with 'sudo apt-get install -y rabbitmq-server redis-server' (Debian/Ubuntu), " +
            "or start a container runtime, or set Infrastructure:Mode=external with ConnectionStrings:messaging and ConnectionStrings:cache.");
    }
}

public sealed record ResolvedInfrastructure(InfrastructureMode Mode, InfrastructureOptions Options);
