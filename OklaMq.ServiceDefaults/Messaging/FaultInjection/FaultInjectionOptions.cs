namespace OklaMq.ServiceDefaults.Messaging.FaultInjection;

/// <summary>
/// <c>Messaging:FaultInjection</c>: lets a message, or an operator, break a consumer on purpose
/// (README "Break it on purpose"). Off unless enabled; the AppHost enables it for local runs.
/// </summary>
public sealed class FaultInjectionOptions
{
    public const string SectionName = "Messaging:FaultInjection";

    public bool Enabled { get; set; }
}
