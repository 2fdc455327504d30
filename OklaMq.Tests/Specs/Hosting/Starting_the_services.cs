using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using OklaMq.Hosting.Services;

namespace OklaMq.Tests.Specs.Hosting;

/// <summary>
/// The AppHost starts each service's built executable, not a <c>dotnet run</c> of its project
/// (<see cref="BuiltExecutableLaunch"/>); the end-to-end dashboard test sees the processes it runs,
/// with <c>DOTNET_ROOT</c> set.
/// </summary>
public sealed class Starting_the_services
{
    [Fact]
    public async Task Should_start_each_service_from_its_build_output()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OklaMq_AppHost>(["--Infrastructure:Mode=process"]);

        var services = builder.Resources.OfType<ProjectResource>().ToList();
        Assert.Equal(6, services.Count);
        foreach (var service in services)
        {
            var projectPath = service.GetProjectMetadata().ProjectPath;
            Assert.True(service.TryGetLastAnnotation<ExecutableAnnotation>(out var executable), $"{service.Name} has no executable of its own");
            Assert.Equal(Path.GetFileNameWithoutExtension(projectPath), Path.GetFileName(executable.Command));
            Assert.StartsWith(Path.Combine(Path.GetDirectoryName(projectPath)!, "bin"), executable.Command);
            Assert.True(File.Exists(executable.Command), executable.Command);
            Assert.Equal(Path.GetDirectoryName(projectPath), executable.WorkingDirectory);
        }
    }

    [Fact]
    public async Task Should_leave_launching_the_projects_to_an_IDE_that_runs_the_AppHost()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OklaMq_AppHost>(
            ["--Infrastructure:Mode=process", "--DEBUG_SESSION_PORT=localhost:1"]);

        Assert.All(builder.Resources.OfType<ProjectResource>(), service => Assert.False(service.TryGetLastAnnotation<ExecutableAnnotation>(out _)));
    }

    [Fact]
    public void Should_know_no_executable_for_a_project_the_AppHost_does_not_build()
    {
        Assert.Null(BuiltExecutableLaunch.ExecutableOf<NotBuiltProject>());
        Assert.NotNull(BuiltExecutableLaunch.ExecutableOf<Projects.OklaMq_VehiclesService>());
    }

    private sealed class NotBuiltProject : IProjectMetadata
    {
        public string ProjectPath => "/nowhere/OklaMq.Unknown/OklaMq.Unknown.csproj";
    }
}
