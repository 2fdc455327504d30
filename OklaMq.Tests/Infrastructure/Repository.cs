namespace OklaMq.Tests.Infrastructure;

/// <summary>Files of the repository the tests run from (rules, dashboards, docs), found from the test assembly upwards.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OklaMq.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException($"No OklaMq.sln above {AppContext.BaseDirectory}.");
    }
}
