namespace OklaMq.Hosting.Infrastructure;

/// <summary>
/// A folder that belongs to one run of one process resource, under the system temp folder, and
/// is removed when the run ends. Folders left by runs that were killed are removed by the next
/// run, once their owner process is gone.
/// </summary>
public sealed class RunDirectory : IDisposable
{
    private const string Root = "oklamq";
    private const string OwnerFile = "owner.pid";

    private RunDirectory(string path) => Path = path;

    public string Path { get; }

    public static RunDirectory Create(string name)
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), Root);
        RemoveOrphans(root);
        var path = System.IO.Path.Combine(root, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            // The folder holds the run's broker credentials.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        File.WriteAllText(System.IO.Path.Combine(path, OwnerFile), Environment.ProcessId.ToString());
        return new RunDirectory(path);
    }

    /// <summary>A run directory removed when the AppHost process exits (the resource's process is gone by then).</summary>
    public static RunDirectory CreateForAppHost(string name)
    {
        var directory = Create(name);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Dispose();
        return directory;
    }

    public string FilePath(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived the AppHost still holds a file; the next run removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void RemoveOrphans(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var owner = System.IO.Path.Combine(directory, OwnerFile);
            if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner), out var pid) && !IsRunning(pid))
            {
                new RunDirectory(directory).Dispose();
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
