using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using OklaMq.Deployment.Tests.Infrastructure;
using OklaMq.Deployment.Tests.Manifest;

namespace OklaMq.Deployment.Tests.Kubernetes;

/// <summary>
/// deploy/kubernetes, checked without a cluster: it renders with <c>kubectl kustomize</c>, every
/// object reads strictly into the client's typed models, RabbitMQ, Redis and the services are
/// deployed as README "Deploy" says, and what the AppHost gives the broker and each service (the
/// published manifest) is what the Kubernetes resources give them, so the two cannot drift apart.
/// </summary>
[Collection(PublishedManifestCollection.Name)]
public sealed partial class Rendering_the_kubernetes_resources(PublishedManifest manifest)
{
    private const string Base = "deploy/kubernetes/base";
    private const string LocalOverlay = "deploy/kubernetes/overlays/local";
    private const string Monitoring = "deploy/monitoring";
    private const string Namespace = "okla";

    /// <summary>What Kubernetes gives a service beyond what the AppHost does: its name in telemetry (Aspire and azd set it themselves).</summary>
    private static readonly string[] KubernetesOnlySettings = ["OTEL_SERVICE_NAME"];

    [Theory]
    [InlineData(Base)]
    [InlineData(LocalOverlay)]
    public async Task Should_render_into_strictly_typed_objects_in_the_okla_namespace_without_secret_values(string folder)
    {
        var objects = await Kustomize.RenderObjectsAsync(folder);

        Assert.Contains(objects, o => o is V1Namespace { Metadata.Name: Namespace });
        foreach (var item in objects.Where(o => o is not V1Namespace).Cast<IMetadata<V1ObjectMeta>>())
        {
            Assert.Equal(Namespace, item.Metadata.NamespaceProperty);
        }
        // Secrets are made in the cluster (create-secrets.sh); none is committed.
        Assert.DoesNotContain(objects, o => o is V1Secret);
    }

    [Fact]
    public void Reading_should_refuse_an_unknown_field()
    {
        var error = Record.Exception(() => Kustomize.Read("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicaz: 3\n"));

        Assert.NotNull(error);
        Assert.Contains("replicaz", error.ToString());
    }

    [Fact]
    public async Task Rabbitmq_should_be_three_nodes_formed_by_peer_discovery_with_probes_a_budget_and_credentials_from_secrets()
    {
        var objects = await Kustomize.RenderObjectsAsync(Base);
        var rabbit = Single<V1StatefulSet>(objects, "rabbitmq");
        var pod = rabbit.Spec.Template.Spec;
        var broker = pod.Containers.Single(c => c.Name == "rabbitmq");
        var headless = Single<V1Service>(objects, rabbit.Spec.ServiceName);
        var config = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith("rabbitmq-config", StringComparison.Ordinal));

        Assert.Equal(3, rabbit.Spec.Replicas);
        Assert.Equal("None", headless.Spec.ClusterIP);
        Assert.True(headless.Spec.PublishNotReadyAddresses);
        Assert.Contains("cluster_formation.peer_discovery_backend = rabbit_peer_discovery_k8s", config.Data["rabbitmq.conf"]);
        Assert.Contains($"cluster_formation.k8s.service_name = {rabbit.Spec.ServiceName}", config.Data["rabbitmq.conf"]);
        Assert.Contains("rabbitmq_peer_discovery_k8s", config.Data["enabled_plugins"]);
        Assert.Contains("rabbitmq_prometheus", config.Data["enabled_plugins"]);
        Assert.Contains("rabbitmq_management", config.Data["enabled_plugins"]);
        Assert.Equal("kubernetes.io/hostname", pod.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution.Single().TopologyKey);
        Assert.Contains(objects.OfType<V1PodDisruptionBudget>(), b => b.Spec.Selector.MatchLabels.SequenceEqual(rabbit.Spec.Selector.MatchLabels) && b.Spec.MaxUnavailable?.Value == "1");
        Assert.Equal("rabbitmq-diagnostics", broker.ReadinessProbe.Exec.Command[0]);
        Assert.Equal("rabbitmq-diagnostics", broker.LivenessProbe.Exec.Command[0]);
        Assert.Equal([5672, 15672, 15692], broker.Ports.Where(p => p.Name is "amqp" or "management" or "prometheus").Select(p => p.ContainerPort));
        Assert.Equal("15692", rabbit.Spec.Template.Metadata.Annotations["prometheus.io/port"]);
        Assert.Equal("10Gi", rabbit.Spec.VolumeClaimTemplates.Single().Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("rabbitmq-erlang-cookie", pod.Volumes.Single(v => v.Secret is not null).Secret.SecretName);
        Assert.All(pod.InitContainers.Concat(pod.Containers).SelectMany(c => c.Env ?? []).Where(e => e.Name.EndsWith("_PASSWORD", StringComparison.Ordinal)),
            e => Assert.Equal("rabbitmq-users", e.ValueFrom?.SecretKeyRef?.Name));
    }

    [Fact]
    public async Task Redis_should_require_its_password_from_a_secret_and_keep_an_append_only_file_on_its_volume()
    {
        var redis = Single<V1StatefulSet>(await Kustomize.RenderObjectsAsync(Base), "redis");
        var server = redis.Spec.Template.Spec.Containers.Single();
        var command = string.Join(' ', server.Command);

        Assert.Contains("--requirepass \"$REDIS_PASSWORD\"", command);
        Assert.Contains("--appendonly yes", command);
        Assert.Equal("redis", server.Env.Single(e => e.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef.Name);
        Assert.Equal("/data", server.VolumeMounts.Single(m => m.Name == redis.Spec.VolumeClaimTemplates.Single().Metadata.Name).MountPath);
    }

    [Fact]
    public async Task Each_service_should_be_a_deployment_with_probes_on_its_health_endpoints_resources_settings_secrets_and_scrape_annotations()
    {
        var objects = await Kustomize.RenderObjectsAsync(Base);

        foreach (var service in Publishing_the_manifest.Services)
        {
            var deployment = Single<V1Deployment>(objects, service);
            var container = deployment.Spec.Template.Spec.Containers.Single();
            var port = container.Ports.Single(p => p.Name == "http").ContainerPort;
            var annotations = deployment.Spec.Template.Metadata.Annotations;

            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
            Assert.NotNull(container.Resources.Requests["cpu"]);
            Assert.NotNull(container.Resources.Limits["memory"]);
            Assert.Contains(container.EnvFrom, e => e.ConfigMapRef?.Name == "okla-service-settings");
            Assert.All(container.Env.Where(e => e.Name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || e.Name.Contains("Token")),
                e => Assert.NotNull(e.ValueFrom?.SecretKeyRef));
            Assert.Equal("true", annotations["prometheus.io/scrape"]);
            Assert.Equal(port.ToString(), annotations["prometheus.io/port"]);
            Assert.Equal("/metrics", annotations["prometheus.io/path"]);
            Assert.Contains(objects.OfType<V1Service>(), s => s.Metadata.Name == service && s.Spec.Selector.SequenceEqual(deployment.Spec.Selector.MatchLabels));
        }
    }

    [Fact]
    public async Task Each_services_environment_should_name_the_settings_the_apphost_gives_it()
    {
        var objects = await Kustomize.RenderObjectsAsync(Base);

        foreach (var service in Publishing_the_manifest.Services)
        {
            var published = manifest.Resource(service)["env"]!.AsObject().ToDictionary(e => e.Key, e => (string)e.Value!);
            var container = Single<V1Deployment>(objects, service).Spec.Template.Spec.Containers.Single();
            var deployed = EnvironmentOf(container, objects);

            Assert.Equal(published.Keys.Concat(KubernetesOnlySettings).Order(StringComparer.Ordinal), deployed.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, value) in published)
            {
                var given = deployed[name];
                if (name == "HTTP_PORTS")
                {
                    Assert.Equal(container.Ports.Single(p => p.Name == "http").ContainerPort.ToString(), given.Value);
                }
                else if (ManifestExpressions.In(value).Count == 0)
                {
                    Assert.True(value == given.Value, $"{service}: {name} is '{value}' in the manifest and '{given.Value}' in Kubernetes.");
                }
                else
                {
                    // A connection string or a token: from a Secret, never written down.
                    Assert.True(given.Secret is not null, $"{service}: {name} is not taken from a Secret.");
                }
            }
        }
    }

    [Fact]
    public async Task The_broker_should_get_the_apphosts_users_and_permissions()
    {
        var rabbit = Single<V1StatefulSet>(await Kustomize.RenderObjectsAsync(Base), "rabbitmq");
        var setup = rabbit.Spec.Template.Spec.InitContainers.Single();
        var passwords = setup.Env.Where(e => e.ValueFrom?.SecretKeyRef is not null).ToDictionary(e => e.Name, e => e.ValueFrom.SecretKeyRef.Key);
        var deployed = JsonNode.Parse(KubernetesVariable().Replace(setup.Env.Single(e => e.Name == "OKLA_BROKER_DEFINITIONS").Value,
            m => $"password of {passwords[m.Groups[1].Value]}"))!;
        var published = JsonNode.Parse(ManifestExpressions.Evaluate((string)manifest.Resource("messaging")["env"]!["OKLA_BROKER_DEFINITIONS"]!,
            e => PasswordParameter().Match(e) is { Success: true } m ? $"password of {(m.Groups[1].Success ? m.Groups[1].Value : "okla")}" : e))!;

        Assert.True(JsonNode.DeepEquals(published, deployed), $"Kubernetes:\n{deployed}\nAppHost:\n{published}");
        Assert.All(deployed["users"]!.AsArray(), user => Assert.Equal($"password of {user!["name"]}", (string?)user["password"]));
    }

    [Fact]
    public async Task Every_secret_it_refers_to_should_be_made_by_create_secrets()
    {
        var objects = await Kustomize.RenderObjectsAsync(Base);
        var (exitCode, output, error) = await Repository.RunAsync("bash", [Repository.PathOf("deploy", "kubernetes", "create-secrets.sh"), "--print"], Repository.Root, TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, error);
        var made = Kustomize.Read(output).Cast<V1Secret>().ToDictionary(s => s.Metadata.Name, s => s.Data.Keys.ToHashSet());

        var pods = objects.OfType<V1StatefulSet>().Select(s => s.Spec.Template.Spec).Concat(objects.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec)).ToList();
        var keys = pods.SelectMany(p => p.InitContainers ?? []).Concat(pods.SelectMany(p => p.Containers))
            .SelectMany(c => c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>().ToList();
        var volumes = pods.SelectMany(p => p.Volumes ?? []).Select(v => v.Secret?.SecretName).OfType<string>().ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.True(made.TryGetValue(k.Name, out var data) && data.Contains(k.Key), $"create-secrets.sh makes no key {k.Key} in Secret {k.Name}."));
        Assert.All(volumes, v => Assert.True(made.ContainsKey(v), $"create-secrets.sh makes no Secret {v}."));
    }

    [Fact]
    public async Task The_alert_rules_and_the_dashboard_should_be_config_maps()
    {
        var objects = await Kustomize.RenderObjectsAsync(Monitoring);
        var rules = Single<V1ConfigMap>(objects, "okla-prometheus-rules");
        var dashboards = Single<V1ConfigMap>(objects, "okla-grafana-dashboards");

        // Every rule file and dashboard of deploy/monitoring, each as it is in the repository.
        Assert.Equal(FilesOf("prometheus/rules", "*.yml"), rules.Data.Keys.Order());
        Assert.Equal(FilesOf("grafana/dashboards", "*.json"), dashboards.Data.Keys.Order());
        Assert.All(rules.Data, r => Assert.Equal(File.ReadAllText(Repository.PathOf(Monitoring, "prometheus", "rules", r.Key)), r.Value));
        Assert.Equal("1", dashboards.Metadata.Labels["grafana_dashboard"]);
    }

    private static IEnumerable<string> FilesOf(string folder, string pattern) =>
        Directory.EnumerateFiles(Repository.PathOf(Monitoring, folder), pattern).Select(Path.GetFileName).OfType<string>().Order();

    /// <summary>A container's environment: its own variables and those of its ConfigMaps, each with its value or Secret.</summary>
    private static Dictionary<string, (string? Value, V1SecretKeySelector? Secret)> EnvironmentOf(V1Container container, IReadOnlyList<object> objects)
    {
        var environment = new Dictionary<string, (string? Value, V1SecretKeySelector? Secret)>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            Assert.True(source.ConfigMapRef is not null, $"{container.Name} takes its environment from something other than a ConfigMap.");
            foreach (var (key, value) in Single<V1ConfigMap>(objects, source.ConfigMapRef.Name).Data)
            {
                environment[key] = (value, null);
            }
        }
        foreach (var variable in container.Env ?? [])
        {
            environment[variable.Name] = (variable.Value, variable.ValueFrom?.SecretKeyRef);
        }
        return environment;
    }

    private static T Single<T>(IReadOnlyList<object> objects, string name) where T : IMetadata<V1ObjectMeta> =>
        objects.OfType<T>().SingleOrDefault(o => o.Metadata.Name == name)
            ?? throw new Xunit.Sdk.XunitException($"No {typeof(T).Name} named {name}.");

    [GeneratedRegex(@"\$\(([A-Z_]+)\)")]
    private static partial Regex KubernetesVariable();

    [GeneratedRegex(@"^messaging(?:-([a-z]+))?-password\.value$")]
    private static partial Regex PasswordParameter();
}
