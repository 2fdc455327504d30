namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>kill -9 of a service's process. DCP runs a project as <c>dotnet run</c>; the service is its child.</summary>
internal static class ServiceKiller
{
    public static async Task KillAsync(int dotnetRunPid)
    {
        var children = await File.ReadAllTextAsync($"/proc/{dotnetRunPid}/task/{dotnetRunPid}/children");
        foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            await HostCommand.SignalAsync(int.Parse(child), "KILL");
        }
    }
}
