using System.Diagnostics;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.Tests.Specs.Security;

/// <summary>A span keeps a URL's path and its query's parameter names, not their values (docs/security.md).</summary>
public sealed class Redacting_urls_in_spans
{
    [Theory]
    [InlineData("url.query", "?userId=42&email=ana%40x.do", "?userId=Redacted&email=Redacted")]
    [InlineData("url.query", "email=ana%40x.do&flag", "email=Redacted&flag")]
    [InlineData("url.full", "http://localhost:5293/api/notifications?phone=809-555-0199", "http://localhost:5293/api/notifications?phone=Redacted")]
    [InlineData("http.target", "/api/leads?email=a@b.do", "/api/leads?email=Redacted")]
    [InlineData("url.full", "http://localhost:5293/api/notifications", "http://localhost:5293/api/notifications")]
    public void Should_keep_the_parameter_names_without_their_values(string tag, string recorded, string exported)
    {
        using var span = new Activity("GET");
        span.SetTag(tag, recorded);

        new UrlQueryRedaction().OnEnd(span);

        Assert.Equal(exported, span.GetTagItem(tag));
    }
}
