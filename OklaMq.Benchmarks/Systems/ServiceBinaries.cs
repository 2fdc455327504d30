namespace OklaMq.Benchmarks.Systems;

/// <summary>
/// Where the services' own build outputs are: the benchmark project references them (without their
/// assemblies), so building it builds them in the same configuration, beside it in the repository.
/// </summary>
public static class ServiceBinaries
{
    public const string Vehicles = "OklaMq.VehiclesService";
    public const string Analytics = "OklaMq.AnalyticsService";
    public const string Notification = "OklaMq.NotificationService";
    public const string WolverinePeer = "OklaMq.Benchmarks.Wolverine";

    /// <summary><c>&lt;repository&gt;/&lt;project&gt;/bin/&lt;configuration&gt;/&lt;framework&gt;/&lt;project&gt;.dll</c>, as this benchmark is built.</summary>
    public static string Of(string project)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = framework.Parent!;
        var repository = configuration.Parent!.Parent!.Parent!;
        var path = Path.Combine(repository.FullName, project, "bin", configuration.Name, framework.Name, $"{project}.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is not built; build OklaMq.Benchmarks first.");
    }
}
