namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>
/// kill -9 of a service's process: the one DCP started, which is the service itself
/// (<c>BuiltExecutableLaunch</c>), and its children, in case it is a <c>dotnet run</c> whose child is the service.
/// </summary>
internal static class ServiceKiller
{
    public static async Task KillAsync(int pid)
    {
        var children = await File.ReadAllTextAsync($"/proc/{pid}/task/{pid}/children");
        foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            await HostCommand.SignalAsync(int.Parse(child), "KILL");
        }
        await HostCommand.SignalAsync(pid, "KILL");
    }
}
