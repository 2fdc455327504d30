using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.RabbitMq;
using OklaMq.Hosting.Services;

namespace OklaMq.Hosting.Monitoring;

public static class PrometheusBuilderExtensions
{
    public const string EndpointName = "http";
    public const string UiDisplayText = "Prometheus UI";

    private const string ContainerConfigFolder = "/etc/oklamq-prometheus";

    /// <summary>
    /// Adds Prometheus with the rules of <c>deploy/monitoring/prometheus</c>, scraping the broker's
    /// Prometheus plugin and every service instance; its UI is a link on the dashboard. Debian's
    /// prometheus as a local process in process mode, <c>prom/prometheus</c> in container mode.
    /// Nothing when publishing (a deployment brings its own: docs/operations.md), with an external
    /// broker, or with <c>Prometheus:Enabled=false</c>. Nothing waits for it, so it never delays
    /// the services. Returns null when it is not added.
    /// </summary>
    public static IResourceBuilder<IResourceWithEndpoints>? AddPrometheus(this IDistributedApplicationBuilder builder, string name)
    {
        var options = builder.Configuration.GetSection(PrometheusOptions.SectionName).Get<PrometheusOptions>() ?? new();
        if (!builder.ExecutionContext.IsRunMode || !options.Enabled)
        {
            return null;
        }
        var source = options.ConfigDirectory
            ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "deploy", "monitoring", "prometheus"));
        return InfrastructureModeResolver.Resolve(builder).Mode switch
        {
            InfrastructureMode.Process => builder.AddPrometheusProcess(name, source, options),
            InfrastructureMode.Container => builder.AddPrometheusContainer(name, source, options),
            _ => null,
        };
    }

    private static IResourceBuilder<IResourceWithEndpoints>? AddPrometheusProcess(this IDistributedApplicationBuilder builder, string name, string source, PrometheusOptions options)
    {
        if (!File.Exists(options.ServerPath))
        {
            // The system runs without it; say why it is missing instead of failing the run.
            builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PrometheusBuilderExtensions))
                    .LogWarning("Prometheus is not part of this run: {Path} not found (sudo apt-get install -y prometheus).", options.ServerPath);
                return Task.CompletedTask;
            });
            return null;
        }

        var home = RunDirectory.CreateForAppHost(name);
        PrometheusRunFiles.Prepare(source, home.Path, options);
        var port = LocalPorts.Next();
        var targets = home.FilePath(PrometheusRunFiles.TargetsFolder);
        builder.Services.AddHostedService(services => new ScrapeTargetsWriter(
            services.GetRequiredService<ResourceNotificationService>(), targets, services.GetRequiredService<ILogger<ScrapeTargetsWriter>>()));

        var prometheus = builder.AddResource(new PrometheusServerResource(name, options.ServerPath, home.Path))
            .WithArgs(
                $"--config.file={home.FilePath(PrometheusRunFiles.ConfigFile)}",
                $"--storage.tsdb.path={home.FilePath(PrometheusRunFiles.DataFolder)}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn")
            .WithHttpEndpoint(port: port, targetPort: port, name: EndpointName, isProxied: false)
            .WithScrapeToken(home, readableByAll: false);
        return prometheus.WithPrometheusUi();
    }

    /// <summary>
    /// Inside a container the run's processes are not at 127.0.0.1: each service and broker node is
    /// scraped at the address Aspire resolves for this container, a service through its proxy (one
    /// instance per scrape when it has replicas). Not run on this project's machines (no container runtime).
    /// </summary>
    private static IResourceBuilder<IResourceWithEndpoints> AddPrometheusContainer(this IDistributedApplicationBuilder builder, string name, string source, PrometheusOptions options)
    {
        var home = RunDirectory.CreateForAppHost(name);
        PrometheusRunFiles.Prepare(source, home.Path, options);
        if (!OperatingSystem.IsWindows())
        {
            // The image runs as nobody; the folder holds no secret.
            File.SetUnixFileMode(home.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var container = builder.AddContainer(name, options.ContainerImage, options.ContainerTag)
            .WithBindMount(home.Path, ContainerConfigFolder, isReadOnly: true)
            .WithArgs($"--config.file={ContainerConfigFolder}/{PrometheusRunFiles.ConfigFile}", "--storage.tsdb.path=/prometheus", "--log.level=warn")
            .WithHttpEndpoint(targetPort: 9090, name: EndpointName)
            // The image runs as nobody: the token (a local run's) is readable by all.
            .WithScrapeToken(home, readableByAll: true);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(container.Resource, async (e, ct) =>
        {
            var model = e.Services.GetRequiredService<DistributedApplicationModel>();
            var caller = new ValueProviderContext { Caller = container.Resource };
            var folder = home.FilePath(PrometheusRunFiles.TargetsFolder);
            var services = new List<ScrapeTarget>();
            foreach (var project in model.Resources.OfType<ProjectResource>())
            {
                var address = await project.GetEndpoint("http").Property(EndpointProperty.HostAndPort).GetValueAsync(caller, ct);
                services.Add(new ScrapeTarget(address!, new Dictionary<string, string> { ["job"] = project.Name }));
            }
            var brokers = new List<ScrapeTarget>();
            foreach (var node in model.Resources.OfType<IResourceWithEndpoints>().Where(ScrapeTargets.IsBrokerNode))
            {
                var address = await node.GetEndpoint(RabbitMqNodeResource.PrometheusEndpointName).Property(EndpointProperty.HostAndPort).GetValueAsync(caller, ct);
                brokers.Add(new ScrapeTarget(address!, new Dictionary<string, string> { ["node"] = node.Name }));
            }
            ScrapeTargets.Write(Path.Combine(folder, PrometheusRunFiles.ServiceTargetsFile), services);
            ScrapeTargets.Write(Path.Combine(folder, PrometheusRunFiles.BrokerTargetsFile), brokers);
        });
        return container.WithPrometheusUi();
    }

    /// <summary>Writes the services' scrape token into the run folder as Prometheus starts (the parameter has its value then).</summary>
    private static IResourceBuilder<T> WithScrapeToken<T>(this IResourceBuilder<T> prometheus, RunDirectory home, bool readableByAll)
        where T : IResource
    {
        var token = prometheus.ApplicationBuilder.MetricsScrapeToken().Resource;
        prometheus.ApplicationBuilder.Eventing.Subscribe<BeforeResourceStartedEvent>(prometheus.Resource, async (_, ct) =>
            PrometheusRunFiles.WriteScrapeToken(home.Path, await token.GetValueAsync(ct) ?? "", readableByAll));
        return prometheus;
    }

    private static IResourceBuilder<IResourceWithEndpoints> WithPrometheusUi<T>(this IResourceBuilder<T> prometheus)
        where T : IResourceWithEndpoints =>
        (IResourceBuilder<IResourceWithEndpoints>)prometheus
            .WithHttpHealthCheck("/-/ready", endpointName: EndpointName)
            .WithUrlForEndpoint(EndpointName, url => url.DisplayText = UiDisplayText)
            .WithUrls(context =>
            {
                var ui = context.Urls.FirstOrDefault(u => u.Endpoint?.EndpointName == EndpointName);
                if (ui is not null)
                {
                    context.Urls.Add(new ResourceUrlAnnotation { Url = ui.Url.TrimEnd('/') + "/alerts", DisplayText = "Prometheus alerts", Endpoint = ui.Endpoint });
                }
            });
}
