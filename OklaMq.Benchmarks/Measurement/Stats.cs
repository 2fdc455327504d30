namespace OklaMq.Benchmarks.Measurement;

/// <summary>Median and range of one metric over the runs.</summary>
public readonly record struct Stats(double Median, double Min, double Max, int Count)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new(double.NaN, double.NaN, double.NaN, 0);
        }
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>The value at <paramref name="quantile"/> of sorted values (nearest rank).</summary>
    public static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
