using System.Runtime.InteropServices;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>Linux processes as /proc shows them: who started whom, and signals to a process group.</summary>
public static class ProcessTree
{
    public const int SigInt = 2;
    public const int SigKill = 9;

    /// <summary><paramref name="root"/> and every process below it.</summary>
    public static IReadOnlySet<int> Descendants(int root)
    {
        var children = Running().ToLookup(p => p.Parent, p => p.Id);
        var found = new HashSet<int> { root };
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var pid))
        {
            foreach (var child in children[pid].Where(found.Add))
            {
                pending.Enqueue(child);
            }
        }
        return found;
    }

    /// <summary>Process ids whose command line contains <paramref name="text"/>.</summary>
    public static IEnumerable<int> WithCommandLine(string text) =>
        Running().Where(p => CommandLine(p.Id).Contains(text, StringComparison.Ordinal)).Select(p => p.Id);

    public static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');

    /// <summary>The executable's short name (comm), or "" when the process is gone.</summary>
    public static string NameOf(int pid) => Read($"/proc/{pid}/comm").Trim();

    public static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();

    /// <summary>The process's environment, one <c>NAME=value</c> per line.</summary>
    public static string EnvironmentOf(int pid) => Read($"/proc/{pid}/environ").Replace('\0', '\n');

    /// <summary>Sends <paramref name="signal"/> to every process of the group, as a terminal's Ctrl+C does with SIGINT.</summary>
    public static void SignalGroup(int groupLeader, int signal)
    {
        if (kill(-groupLeader, signal) != 0 && Marshal.GetLastPInvokeError() != 3)
        {
            throw new InvalidOperationException($"kill(-{groupLeader}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static IEnumerable<(int Id, int Parent)> Running()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid)
                && Read($"{directory}/stat").Split(')') is [_, .., var rest]
                && rest.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var parent, ..])
            {
                yield return (pid, int.Parse(parent));
            }
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
