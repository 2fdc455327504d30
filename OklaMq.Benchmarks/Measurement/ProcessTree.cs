namespace OklaMq.Benchmarks.Measurement;

/// <summary>
/// CPU time and resident memory of processes other than this one (the services, the broker, Redis,
/// PostgreSQL), each with every live descendant, read from <c>/proc</c>. A descendant that exited
/// and was reaped counts in its parent's children's times, so the total never goes backwards.
/// </summary>
public static class ProcessTree
{
    /// <summary>Linux's USER_HZ: the unit of the times in <c>/proc/&lt;pid&gt;/stat</c>.</summary>
    private const double TicksPerSecond = 100;

    public static TimeSpan CpuTime(IEnumerable<int> roots) =>
        TimeSpan.FromSeconds(WithDescendants(roots).Sum(pid => Stat(pid) is { } fields
            ? (ParseLong(fields, 11) + ParseLong(fields, 12) + ParseLong(fields, 13) + ParseLong(fields, 14)) / TicksPerSecond
            : 0));

    public static long ResidentBytes(IEnumerable<int> roots) =>
        WithDescendants(roots).Sum(pid =>
        {
            var line = Lines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        });

    private static HashSet<int> WithDescendants(IEnumerable<int> roots)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } fields && int.TryParse(fields[1], out var parent))
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }
        var all = new HashSet<int>();
        var pending = new Stack<int>(roots);
        while (pending.TryPop(out var pid))
        {
            if (all.Add(pid) && children.TryGetValue(pid, out var list))
            {
                list.ForEach(pending.Push);
            }
        }
        return all;
    }

    /// <summary>The fields after the command name (which may hold spaces): [0] state, [1] parent, [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Stat(int pid)
    {
        var line = Lines($"/proc/{pid}/stat").FirstOrDefault();
        var end = line?.LastIndexOf(')') ?? -1;
        return end < 0 ? null : line![(end + 2)..].Split(' ');
    }

    private static long ParseLong(string[] fields, int index) => long.Parse(fields[index]);

    private static IEnumerable<string> Lines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process ended meanwhile.
            return [];
        }
    }
}
