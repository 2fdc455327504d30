using YamlDotNet.RepresentationModel;

namespace OklaMq.Tests.Infrastructure.Monitoring;

/// <summary>A YAML file of the repository (Prometheus rules and tests, Grafana provisioning) as its root mapping.</summary>
public static class YamlFile
{
    public static YamlMappingNode Load(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
