using k8s;
using OklaMq.Deployment.Tests.Infrastructure;

namespace OklaMq.Deployment.Tests.Kubernetes;

/// <summary>
/// <c>kubectl kustomize</c> (offline: it renders, it does not talk to a cluster), and the rendered
/// objects read strictly into the Kubernetes client's typed models: an unknown field or kind fails.
/// </summary>
public static class Kustomize
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static async Task<string> RenderAsync(string folder)
    {
        var missing = MissingFiles(folder);
        Assert.True(missing.Count == 0, $"{folder} refers to files that are not in the repository: {string.Join(", ", missing)}");
        var (exitCode, output, error) = await Repository.RunAsync("kubectl", ["kustomize", Repository.PathOf(folder)], Repository.Root, Timeout);
        Assert.True(exitCode == 0, $"kubectl kustomize {folder} failed ({exitCode}): {error}");
        return output;
    }

    public static async Task<IReadOnlyList<object>> RenderObjectsAsync(string folder) => Read(await RenderAsync(folder));

    public static IReadOnlyList<object> Read(string yaml) => KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);

    /// <summary>
    /// Files a kustomization (or one it builds on) names that do not exist, with where they come
    /// from: the rules and the dashboard are written on branch ops-metrics (deploy/monitoring).
    /// </summary>
    public static IReadOnlyList<string> MissingFiles(string folder)
    {
        var directory = Repository.PathOf(folder);
        var missing = new List<string>();
        foreach (var item in ListedPaths(Path.Combine(directory, "kustomization.yaml")))
        {
            var path = Path.GetFullPath(Path.Combine(directory, item));
            if (File.Exists(Path.Combine(path, "kustomization.yaml")))
            {
                missing.AddRange(MissingFiles(Path.GetRelativePath(Repository.Root, path)));
            }
            else if (Path.HasExtension(item) && !File.Exists(path))
            {
                var relative = Path.GetRelativePath(Repository.Root, path);
                missing.Add(relative.StartsWith("deploy/monitoring/", StringComparison.Ordinal)
                    ? $"{relative} (ops-metrics' rules and dashboard: not on this branch yet)"
                    : relative);
            }
        }
        return missing;
    }

    // The plain list items ("- rabbitmq/statefulset.yaml", "- ../../base") of a kustomization.
    private static IEnumerable<string> ListedPaths(string kustomization) =>
        File.ReadAllLines(kustomization)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("- ", StringComparison.Ordinal) && !line.Contains(':'))
            .Select(line => line[2..].Trim());
}
