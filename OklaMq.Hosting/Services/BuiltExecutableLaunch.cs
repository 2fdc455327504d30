using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace OklaMq.Hosting.Services;

/// <summary>
/// Starts a service's built executable directly, where Aspire would start it with
/// <c>dotnet run --no-build</c>: that command evaluates the project with MSBuild before it starts
/// the program, about 4 s and most of a core for each of the six services starting at once, while
/// the broker boots on the same cores (docs/operations.md, "Cold start"). Both start the same build
/// output; the AppHost's build is what builds it, in either case.
/// </summary>
/// <remarks>
/// The AppHost's build writes where each service's assembly is, as assembly metadata
/// <c>oklamq-service-assembly:&lt;project file&gt;</c> (OklaMq.AppHost.csproj). A service without
/// it, or whose executable is not there, starts the usual way, and so does every service when an
/// IDE runs the AppHost (<c>DEBUG_SESSION_PORT</c>: the IDE launches and debugs the projects). Like <c>dotnet run</c>, the launch
/// sets <c>DOTNET_ROOT</c>, so the executable finds the runtime the AppHost runs on.
/// </remarks>
public static class BuiltExecutableLaunch
{
    private const string MetadataPrefix = "oklamq-service-assembly:";

    public static IResourceBuilder<ProjectResource> WithBuiltExecutable<TProject>(this IResourceBuilder<ProjectResource> project)
        where TProject : IProjectMetadata, new()
    {
        var builder = project.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode || builder.Configuration["DEBUG_SESSION_PORT"] is not null || ExecutableOf<TProject>() is not { } executable)
        {
            return project;
        }
        return project
            .WithAnnotation(new ExecutableAnnotation { Command = executable, WorkingDirectory = Path.GetDirectoryName(new TProject().ProjectPath)! })
            .WithEnvironment("DOTNET_ROOT", RunningDotnetRoot());
    }

    /// <summary>The built executable of <typeparamref name="TProject"/>, if the AppHost's build recorded one that exists.</summary>
    public static string? ExecutableOf<TProject>()
        where TProject : IProjectMetadata, new()
    {
        var key = MetadataPrefix + Path.GetFileName(new TProject().ProjectPath);
        var assembly = typeof(TProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
        var executable = assembly is null ? null : Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
        return executable is not null && File.Exists(executable) ? executable : null;
    }

    // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
    private static string RunningDotnetRoot() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
}
