using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace OklaMq.Tests.EndToEnd.Infrastructure.Otlp;

/// <summary>
/// Everything the services exported (logs, spans, metrics) while it was recording, as text: OTLP's
/// protobuf carries every string (log message and attributes, span name and tags, metric attributes)
/// as UTF-8 bytes, so a value is found in the body read as UTF-8 whatever field holds it.
/// </summary>
public sealed class ExportRecording(Action<ExportRecording> stop) : IDisposable
{
    private readonly ConcurrentQueue<(string Signal, string Text)> _exports = new();

    public int Count => _exports.Count;

    internal void Add(string signal, string text) => _exports.Enqueue((signal, text));

    /// <summary>"&lt;what&gt; in &lt;signal&gt;: …context…" for every pattern found, by what the pattern stands for.</summary>
    public IReadOnlyList<string> Find(IReadOnlyDictionary<string, Regex> patterns) =>
        (from export in _exports
         from pattern in patterns
         let match = pattern.Value.Match(export.Text)
         where match.Success
         select $"{pattern.Key} in {export.Signal}: …{Printable(export.Text, match)}…").ToList();

    private static string Printable(string text, Match match)
    {
        var from = Math.Max(0, match.Index - 80);
        var context = text.Substring(from, Math.Min(text.Length - from, match.Length + 160));
        return new string(context.Select(c => char.IsControl(c) || c == '\uFFFD' ? '·' : c).ToArray());
    }

    public void Dispose() => stop(this);
}
