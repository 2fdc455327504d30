namespace OklaMq.BillingService.Model;

/// <summary>Monthly periods counted from a subscription's start date.</summary>
public static class BillingPeriods
{
    /// <summary>
    /// The end of the period <paramref name="now"/> falls in: the first <c>start + n months</c> (n ≥ 1)
    /// after now. Always counted from the start date, so a subscription started on the 31st ends
    /// periods on the 28th/30th/31st rather than drifting to the 28th for good.
    /// </summary>
    public static DateTime EndOfCurrent(DateTime start, DateTime now)
    {
        // start + (whole months between the dates - 1) lies in the month before now's, so never past now: begin there.
        var months = Math.Max(1, (now.Year - start.Year) * 12 + now.Month - start.Month);
        while (start.AddMonths(months) <= now)
        {
            months++;
        }
        return start.AddMonths(months);
    }
}
