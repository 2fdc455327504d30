using System.Text.Json;
using System.Text.Json.Nodes;
using OklaMq.Deployment.Tests.Infrastructure;

namespace OklaMq.Deployment.Tests.Manifest;

/// <summary>
/// The manifest azd deploys from (README "Deploy"): RabbitMQ and Redis as containers with their
/// credentials, the six services as projects, each secret a generated secret parameter, and nothing
/// of a local run (processes, host paths, fault injection). Aspire 13.6's manifest has no field for
/// health checks (WithHttpProbe is not written to it); the Kubernetes resources carry the probes.
/// </summary>
[Collection(PublishedManifestCollection.Name)]
public sealed class Publishing_the_manifest(PublishedManifest manifest)
{
    public static readonly IReadOnlyList<string> Services = ["vehicles", "billing", "auth", "notification", "analytics", "deadletters"];

    [Fact]
    public void Every_string_should_be_one_azd_can_evaluate_with_expressions_of_its_resources()
    {
        foreach (var (path, text) in Strings(manifest.Resources, "resources"))
        {
            IReadOnlyList<string> expressions = [];
            var error = Record.Exception(() => expressions = ManifestExpressions.In(text));
            Assert.True(error is null, $"{path}: {error?.Message}");
            foreach (var expression in expressions)
            {
                var parts = expression.Split('.');
                Assert.True(manifest.Resources.ContainsKey(parts[0]), $"{path} refers to '{expression}', of no resource.");
                if (parts is [_, "bindings", var binding, ..])
                {
                    Assert.True(manifest.Resource(parts[0])["bindings"]?[binding] is not null, $"{path} refers to binding '{binding}' that {parts[0]} does not have.");
                }
            }
        }
    }

    [Fact]
    public void Should_describe_rabbitmq_as_a_container_with_management_prometheus_and_the_okla_virtual_host()
    {
        var rabbit = manifest.Resource("messaging");
        var env = rabbit["env"]!.AsObject();

        Assert.Equal("container.v0", (string?)rabbit["type"]);
        Assert.Matches(@"^(docker\.io/library/)?rabbitmq:3\.13-management$", (string?)rabbit["image"]);
        Assert.Contains("rabbitmq_management", ((string?)env["RABBITMQ_ENABLED_PLUGINS"])!.Split(','));
        Assert.Contains("rabbitmq_prometheus", ((string?)env["RABBITMQ_ENABLED_PLUGINS"])!.Split(','));
        Assert.Equal(5672, (int?)rabbit["bindings"]!["tcp"]!["targetPort"]);
        Assert.Equal(15672, (int?)rabbit["bindings"]!["management"]!["targetPort"]);
        Assert.Equal(15692, (int?)rabbit["bindings"]!["prometheus"]!["targetPort"]);
        Assert.Equal("/okla", (string?)BrokerDefinitions()["vhosts"]!.AsArray().Single()!["name"]);
        // The container writes the definitions before the broker boots, and the broker loads them.
        Assert.Contains("$OKLA_BROKER_DEFINITIONS\" > /var/lib/rabbitmq/definitions.json", string.Join(' ', rabbit["args"]!.AsArray().Select(a => (string?)a)));
        Assert.Contains("-rabbit load_definitions \"/var/lib/rabbitmq/definitions.json\"", (string?)env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"]);
        Assert.Equal("/var/lib/rabbitmq", (string?)rabbit["volumes"]!.AsArray().Single()!["target"]);
    }

    [Fact]
    public void Should_give_the_broker_an_administrator_and_one_user_per_service_each_with_a_secret_password()
    {
        var definitions = BrokerDefinitions();
        var users = definitions["users"]!.AsArray().Select(u => u!.AsObject()).ToList();
        var permissions = definitions["permissions"]!.AsArray().Select(p => p!.AsObject()).ToList();

        Assert.Equal(Services.Prepend("okla"), users.Select(u => (string)u["name"]!));
        Assert.DoesNotContain(users, u => (string?)u["name"] == "guest");
        Assert.Equal("administrator", (string?)users[0]["tags"]);
        Assert.All(users.Skip(1), u => Assert.Equal("", (string?)u["tags"]));
        Assert.Equal("{messaging-password.value}", (string?)users[0]["password"]);
        foreach (var service in Services)
        {
            Assert.Equal($"{{messaging-{service}-password.value}}", (string?)users.Single(u => (string?)u["name"] == service)["password"]);
            var granted = permissions.Single(p => (string?)p["user"] == service);
            Assert.Equal("/okla", (string?)granted["vhost"]);
            Assert.All(new[] { "configure", "write", "read" }, what => Assert.NotEqual(".*", (string?)granted[what]));
        }
        Assert.Equal(users.Count, permissions.Count);
    }

    [Fact]
    public void Should_describe_redis_with_a_password_and_append_only_persistence_on_a_volume()
    {
        var redis = manifest.Resource("cache");
        var command = string.Join(' ', redis["args"]!.AsArray().Select(a => (string?)a));

        Assert.Equal("container.v0", (string?)redis["type"]);
        Assert.Matches(@"^(docker\.io/library/)?redis:7\.2$", (string?)redis["image"]);
        Assert.Contains("redis-server --requirepass $REDIS_PASSWORD", command);
        Assert.Contains("--appendonly yes", command);
        Assert.Equal("{cache-password.value}", (string?)redis["env"]!["REDIS_PASSWORD"]);
        Assert.Equal("/data", (string?)redis["volumes"]!.AsArray().Single()!["target"]);
        Assert.Contains("password={cache-password.value}", (string?)redis["connectionString"]);
    }

    [Fact]
    public void Should_describe_the_six_services_as_projects_with_bindings_their_own_broker_user_and_the_cache()
    {
        Assert.Equal(Services.Order(), manifest.OfType("project.v0").Select(p => p.Name).Order());
        foreach (var service in Services)
        {
            var project = manifest.Resource(service);
            var env = project["env"]!.AsObject();
            var path = Path.GetFullPath(Path.Combine(manifest.Folder, (string)project["path"]!));

            Assert.False(Path.IsPathRooted((string)project["path"]!), $"{service}'s path is absolute.");
            Assert.True(File.Exists(path) && path.StartsWith(Repository.Root, StringComparison.Ordinal), $"{service}'s path leads to {path}.");
            Assert.Equal("http", (string?)project["bindings"]!["http"]!["scheme"]);
            Assert.Equal($"amqp://{service}:{{messaging-{service}-password-uri-encoded.value}}@{{messaging.bindings.tcp.host}}:{{messaging.bindings.tcp.port}}",
                (string?)env["ConnectionStrings__messaging"]);
            Assert.Equal("{cache.connectionString}", (string?)env["ConnectionStrings__cache"]);
            Assert.Equal("{metrics-scrape-token.value}", (string?)env["Metrics__ScrapeToken"]);
            // The administrator's password, and the cache's outside its connection string, reach no service.
            Assert.DoesNotContain(env, e => ((string?)e.Value)!.Contains("{messaging-password") || ((string?)e.Value)!.Contains("{cache-password"));
        }
    }

    [Fact]
    public void Should_make_every_password_and_token_a_secret_parameter_generated_unless_given()
    {
        var secrets = manifest.OfType("parameter.v0").Where(p => p.Name.EndsWith("-password", StringComparison.Ordinal) || p.Name.EndsWith("-token", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            Services.Select(s => $"messaging-{s}-password").Concat(["messaging-password", "cache-password", "metrics-scrape-token"]).Order(),
            secrets.Select(s => s.Name).Order());
        foreach (var (name, parameter) in secrets)
        {
            var input = parameter["inputs"]!["value"]!;
            Assert.True((bool?)input["secret"] == true, $"{name} is not secret.");
            Assert.True(input["default"]?["generate"] is not null, $"{name} is not generated.");
        }
    }

    [Fact]
    public void Should_have_no_host_path_no_local_process_and_no_fault_injection()
    {
        Assert.DoesNotContain(manifest.Resources, r => (string?)r.Value!["type"] is "executable.v0");
        Assert.DoesNotContain(manifest.Resources, r => r.Value!["bindMounts"] is not null || r.Value!["build"] is not null);
        Assert.DoesNotContain("messaging-epmd", manifest.Resources.Select(r => r.Key));
        // The AppHost's Prometheus runs in a local run only: a deployment brings its own.
        Assert.DoesNotContain("prometheus", manifest.Resources.Select(r => r.Key));
        foreach (var (path, text) in Strings(manifest.Resources, "resources"))
        {
            Assert.False(text.Contains(Repository.Root, StringComparison.Ordinal) || text.Contains(Path.GetTempPath().TrimEnd('/'), StringComparison.Ordinal),
                $"{path} names a path of this machine: {text}");
            Assert.DoesNotContain("FaultInjection", path, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Docs_security_should_give_the_permissions_of_every_service_as_the_broker_gets_them()
    {
        var page = File.ReadAllText(Repository.PathOf("docs", "security.md"));

        foreach (var granted in BrokerDefinitions()["permissions"]!.AsArray().Where(p => (string?)p!["user"] != "okla"))
        {
            Assert.Contains($"rabbitmqctl set_permissions -p /okla {granted!["user"]} '{granted["configure"]}' '{granted["write"]}' '{granted["read"]}'", page);
        }
    }

    /// <summary>The broker's definitions as the container gets them, each password as its expression.</summary>
    private JsonObject BrokerDefinitions()
    {
        var text = (string)manifest.Resource("messaging")["env"]!["OKLA_BROKER_DEFINITIONS"]!;
        return JsonNode.Parse(ManifestExpressions.Evaluate(text, e => $"{{{e}}}"))!.AsObject();
    }

    /// <summary>Every string value in the manifest with its JSON path.</summary>
    private static IEnumerable<(string Path, string Text)> Strings(JsonNode? node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value, $"{path}.{p.Key}")),
        JsonArray a => a.SelectMany((item, i) => Strings(item, $"{path}[{i}]")),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [(path, v.GetValue<string>())],
        _ => [],
    };
}
