using System.Globalization;
using OklaMq.Benchmarks.Measurement;

namespace OklaMq.Benchmarks.Reporting;

/// <summary>How the tables write a value over the runs, and whether a goal was met.</summary>
public static class Cells
{
    /// <summary>The median, and (min–max) when there were several runs.</summary>
    public static string Of(Stats stats, string format) =>
        stats.Count switch
        {
            0 => "–",
            1 => stats.Median.ToString(format, CultureInfo.InvariantCulture),
            _ => $"{stats.Median.ToString(format, CultureInfo.InvariantCulture)} ({stats.Min.ToString(format, CultureInfo.InvariantCulture)}–{stats.Max.ToString(format, CultureInfo.InvariantCulture)})",
        };

    public static string Met(bool met) => met ? "yes" : "**no**";
}
