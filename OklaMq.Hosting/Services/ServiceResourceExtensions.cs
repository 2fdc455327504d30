using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.RabbitMq;

namespace OklaMq.Hosting.Services;

public static class ServiceResourceExtensions
{
    /// <summary>The AppHost configuration section whose keys every service receives (as environment variables).</summary>
    public const string SectionName = "ServiceSettings";

    /// <summary>
    /// Adds an OklaMq service with what every service gets: the broker as a user of its own and the
    /// cache, started before it (<c>WaitFor</c>), the token that its <c>/metrics</c> asks scrapes
    /// for, the AppHost's <c>ServiceSettings</c>, and its health from its own <c>/health</c> report;
    /// in a local run, its built executable started directly (<see cref="BuiltExecutableLaunch"/>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddOklaService<TProject>(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<IResourceWithConnectionString> messaging,
        IResourceBuilder<IResourceWithConnectionString> cache)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithBuiltExecutable<TProject>()
            // Connection strings only: not also the cache's host, port and password one by one.
            .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString)
            .WithBrokerUser(messaging).WaitFor(messaging)
            .WithReference(cache).WaitFor(cache)
            .WithEnvironment("Metrics__ScrapeToken", builder.MetricsScrapeToken())
            .WithServiceSettings()
            .WithServiceHealthCheck();

    /// <summary>
    /// The token a Prometheus scrape of a service's <c>/metrics</c> sends as <c>Authorization: Bearer …</c>:
    /// the parameter <c>metrics-scrape-token</c> (secret, generated unless given), one for every service.
    /// </summary>
    public static IResourceBuilder<ParameterResource> MetricsScrapeToken(this IDistributedApplicationBuilder builder)
    {
        const string name = "metrics-scrape-token";
        return builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == name) is { } existing
            ? builder.CreateResourceBuilder(existing)
            : builder.AddParameter(name, new GenerateParameterDefault { Special = false }, secret: true);
    }

    /// <summary>
    /// Connects the service to the broker as a user of its own, with the permissions of
    /// <see cref="ServicePermissions"/> and a password parameter <c>messaging-&lt;service&gt;-password</c>
    /// (secret, generated unless given), under the connection name <c>messaging</c>. Not a reference
    /// to the broker resource, which would also hand the service the administrator's password. An
    /// external broker's users are the team's: <c>ConnectionStrings:messaging-&lt;service&gt;</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithBrokerUser(this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithConnectionString> messaging)
    {
        var builder = project.ApplicationBuilder;
        var service = project.Resource.Name;
        var connectionName = messaging.Resource.Name;
        if (!messaging.Resource.TryGetLastAnnotation<BrokerUsersAnnotation>(out var users))
        {
            return project.WithReference(builder.AddConnectionString($"{connectionName}-{service}"), connectionName);
        }
        var password = builder.AddParameter($"{connectionName}-{service}-password", new GenerateParameterDefault { Special = false }, secret: true);
        var connectionString = users.Add(new BrokerUser(service, password.Resource, Tags: "", ServicePermissions.For(service)));
        return project.WithEnvironment($"ConnectionStrings__{connectionName}", connectionString);
    }

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
        return project.WithPromptHealthCheck($"{project.Resource.Name}_service_health",
            services => new ServiceHealthCheck(services.GetRequiredService<IHttpClientFactory>(), () => endpoint.Url));
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
