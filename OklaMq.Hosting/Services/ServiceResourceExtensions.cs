using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OklaMq.Hosting.Services;

public static class ServiceResourceExtensions
{
    /// <summary>The AppHost configuration section whose keys every service receives (as environment variables).</summary>
    public const string SectionName = "ServiceSettings";

    /// <summary>
    /// Adds an OklaMq service with what every service gets: the broker and the cache, started
    /// before it (<c>WaitFor</c>), the AppHost's <c>ServiceSettings</c>, and its health from its own
    /// <c>/health</c> report.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddOklaService<TProject>(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<IResourceWithConnectionString> messaging,
        IResourceBuilder<IResourceWithConnectionString> cache)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(cache).WaitFor(cache)
            .WithServiceSettings()
            .WithServiceHealthCheck();

    /// <summary>
    /// Gives the service every key of the AppHost's <c>ServiceSettings</c> section, for example
    /// <c>--ServiceSettings:RabbitMQ:Retry:Limit=2</c> on the AppHost command line, which is how the
    /// end-to-end tests shrink retry and redelivery intervals. In a local run, fault injection is on
    /// (README "Break it on purpose"); it is never part of a published manifest.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceSettings(this IResourceBuilder<ProjectResource> project)
    {
        var builder = project.ApplicationBuilder;
        if (builder.ExecutionContext.IsRunMode)
        {
            project.WithEnvironment("Messaging__FaultInjection__Enabled", builder.Configuration["OklaMq:FaultInjection"] ?? "true");
        }
        foreach (var (key, value) in builder.Configuration.GetSection(SectionName).AsEnumerable(makePathsRelative: true))
        {
            if (value is not null)
            {
                project.WithEnvironment(key.Replace(":", "__"), value);
            }
        }
        return project;
    }

    /// <summary>
    /// The service's health from its <c>/health</c> report (<see cref="ServiceHealthCheck"/>), so
    /// the dashboard shows Degraded, for example while a circuit breaker holds an endpoint.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceHealthCheck(this IResourceBuilder<ProjectResource> project)
    {
        var endpoint = project.GetEndpoint("http");
        var key = $"{project.Resource.Name}_service_health";
        project.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            services => new ServiceHealthCheck(services.GetRequiredService<IHttpClientFactory>(), () => endpoint.Url),
            failureStatus: null,
            tags: null));
        return project.WithHealthCheck(key);
    }

    /// <summary>
    /// Runs <c>Replicas:&lt;name&gt;</c> instances of the service (default 1), for example
    /// <c>--Replicas:analytics=2</c>: consumers of one endpoint compete for its messages; the inbox
    /// keeps effects once and ordered endpoints keep each dealer's order.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReplicasFromConfiguration(this IResourceBuilder<ProjectResource> project)
    {
        var replicas = project.ApplicationBuilder.Configuration.GetValue($"Replicas:{project.Resource.Name}", 1);
        return replicas > 1 ? project.WithReplicas(replicas) : project;
    }
}
