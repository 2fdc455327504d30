namespace OklaMq.DeadLetterService.Model;

/// <summary>A replay or purge, as it happened: who asked, what was selected, what moved and what failed.</summary>
public sealed record AuditEntry(
    DateTime At,
    string Action,
    string Queue,
    string Selection,
    string Actor,
    int Scanned,
    IReadOnlyList<string> Succeeded,
    IReadOnlyList<string> Failed);
