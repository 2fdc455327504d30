using System.Diagnostics;
using OpenTelemetry;

namespace OklaMq.ServiceDefaults.Http;

/// <summary>
/// Keeps the names of a URL's query parameters in spans but not their values, which can be an email
/// or a phone number (<c>?email=…</c>): .NET 10's ASP.NET Core tracing records <c>url.query</c> as it
/// came (found by Keeping_personal_data_out_of_logs_end_to_end; docs/security.md). Runs as each span
/// ends, before it is exported.
/// </summary>
public sealed class UrlQueryRedaction : BaseProcessor<Activity>
{
    public const string RedactedValue = "Redacted";

    // Tags that hold a URL, or a path, with its query; and the one that holds the query alone.
    private static readonly string[] UrlTags = ["url.full", "http.url", "http.target"];
    private const string QueryTag = "url.query";

    public override void OnEnd(Activity data)
    {
        foreach (var tag in UrlTags)
        {
            if (data.GetTagItem(tag) is string url && url.IndexOf('?') is var at and >= 0)
            {
                data.SetTag(tag, url[..(at + 1)] + Redact(url[(at + 1)..]));
            }
        }
        if (data.GetTagItem(QueryTag) is string { Length: > 0 } query)
        {
            data.SetTag(QueryTag, Redact(query));
        }
    }

    /// <summary><c>a=1&amp;b=2</c> (an optional leading <c>?</c> kept) as <c>a=Redacted&amp;b=Redacted</c>.</summary>
    public static string Redact(string query)
    {
        var leading = query.StartsWith('?') ? "?" : "";
        var parameters = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.IndexOf('=') is var at and >= 0 ? p[..at] + "=" + RedactedValue : p);
        return leading + string.Join('&', parameters);
    }
}
