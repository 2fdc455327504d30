using System.Globalization;

namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>
/// What a scenario's workload did and what came of it, counted from the effects in Analytics (each
/// dealer's timeline: one entry per event processed through the inbox).
/// </summary>
/// <param name="Published">Events sent: HTTP requests made, direct events published (each once, however often retried).</param>
/// <param name="Confirmed">Of those, answered 201 or confirmed by the broker: the ones that must have their effect.</param>
/// <param name="Consumed">Distinct events with an effect (including unconfirmed ones that arrived anyway).</param>
/// <param name="Lost">Confirmed events without an effect, whose write Redis kept: lost by the messaging.</param>
/// <param name="Unpersisted">Confirmed HTTP events whose write Redis itself lost (the vehicle is gone with its outbox entry).</param>
/// <param name="Duplicated">Effects beyond the first of an event.</param>
/// <param name="OutOfOrder">Effects that came after the effect of a later event of the same dealer.</param>
/// <param name="Recovery">From the end of the fault until every event confirmed so far had its effect.</param>
/// <param name="HttpGap">The longest time between two confirmed events of the HTTP dealers: how long callers of the API were held up.</param>
/// <param name="DirectGap">The same for the dealers publishing straight to the broker.</param>
internal sealed record ScenarioOutcome(
    int Number,
    string Scenario,
    int Published,
    int Confirmed,
    int Consumed,
    int Lost,
    int Unpersisted,
    int Duplicated,
    int OutOfOrder,
    TimeSpan Recovery,
    TimeSpan HttpGap,
    TimeSpan DirectGap,
    TimeSpan Duration,
    string Notes)
{
    public const string TableHeader =
        "| # | scenario | published | confirmed | consumed | lost | duplicated | out of order | recovery | longest gap, HTTP | longest gap, direct | scenario time | notes |\n" +
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |";

    /// <summary>What to look at when something was lost or out of order: every late effect, every lost event, the relay's and consumers' warnings.</summary>
    public string Diagnostics { get; init; } = "";

    public string TableRow => string.Create(CultureInfo.InvariantCulture,
        $"| {Number} | {Scenario} | {Published} | {Confirmed} | {Consumed} | {Lost} | {Duplicated} | {OutOfOrder} | {Recovery.TotalSeconds:0.0} s | {HttpGap.TotalSeconds:0.0} s | {DirectGap.TotalSeconds:0.0} s | {Duration.TotalSeconds:0} s | {Notes} |");
}
