using System.Globalization;
using System.Text;

namespace OklaMq.DeadLetterService.Faults;

/// <summary>Reads AMQP header values, which arrive as byte arrays, numbers or nested tables.</summary>
public static class AmqpHeaders
{
    public static string? Text(IDictionary<string, object?>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value) ? Text(value) : null;

    public static string? Text(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static int? Int(IDictionary<string, object?>? headers, string key) =>
        int.TryParse(Text(headers, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static object? Field(IDictionary<string, object?>? table, string key) =>
        table is not null && table.TryGetValue(key, out var value) ? value : null;

    /// <summary>The broker's most recent dead-lettering record (x-death is newest first).</summary>
    public static IDictionary<string, object?>? LatestDeath(IDictionary<string, object?>? headers) =>
        headers is not null && headers.TryGetValue("x-death", out var deaths) && deaths is IList<object?> { Count: > 0 } list
            ? list[0] as IDictionary<string, object?>
            : null;

    /// <summary>Every header as text, for the fault record (nested tables shown by their type).</summary>
    public static Dictionary<string, string> AllAsText(IDictionary<string, object?>? headers) =>
        headers?.Where(h => h.Value is not IList<object?>)
            .ToDictionary(h => h.Key, h => Text(h.Value) ?? string.Empty)
        ?? [];
}
