using System.Text.Json.Nodes;
using OklaMq.Deployment.Tests.Infrastructure;

namespace OklaMq.Deployment.Tests.Manifest;

/// <summary>
/// The Aspire manifest as <c>dotnet run --project OklaMq.AppHost -- --publisher manifest</c> writes it
/// (what azd reads), published once for every test that needs it: the built AppHost, run from its
/// project folder with those arguments.
/// </summary>
public sealed class PublishedManifest : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(2);

    // Inside the repository, as where a user publishes it: the projects' paths are relative to it.
    private readonly string _folder = Path.Combine(AppContext.BaseDirectory, $"manifest-{Guid.NewGuid():N}");

    public string Folder => _folder;
    public string Text { get; private set; } = "";
    public JsonObject Resources { get; private set; } = [];

    public JsonObject Resource(string name) =>
        Resources[name]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"The manifest has no resource '{name}'; it has {string.Join(", ", Resources.Select(r => r.Key))}.");

    public IEnumerable<(string Name, JsonObject Resource)> OfType(string type) =>
        Resources.Where(r => (string?)r.Value!["type"] == type).Select(r => (r.Key, r.Value!.AsObject()));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "manifest.json");
        var (exitCode, output, error) = await Repository.RunAsync(
            "dotnet",
            [Repository.BuiltAssembly("OklaMq.AppHost"), "--publisher", "manifest", "--output-path", file],
            Repository.PathOf("OklaMq.AppHost"),
            PublishTimeout);
        Assert.True(exitCode == 0 && File.Exists(file), $"Publishing the manifest failed ({exitCode}):\n{output}\n{error}");
        Text = await File.ReadAllTextAsync(file);
        Resources = JsonNode.Parse(Text)!["resources"]!.AsObject();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PublishedManifestCollection : ICollectionFixture<PublishedManifest>
{
    /// <summary>The manifest tests and the Kubernetes tests that compare with it share one publish.</summary>
    public const string Name = "published manifest";
}
