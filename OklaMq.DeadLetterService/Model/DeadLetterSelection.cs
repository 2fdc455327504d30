using System.ComponentModel.DataAnnotations;

namespace OklaMq.DeadLetterService.Model;

/// <summary>
/// Which dead letters an operation takes: the ones with these message ids, or the N oldest, or
/// all (optionally only of one message type and dead-lettered within a time range).
/// </summary>
public sealed record DeadLetterSelection(
    [MaxLength(1000)] IReadOnlyList<Guid>? MessageIds,
    [Range(1, 100_000)] int? Oldest,
    bool All,
    [StringLength(200)] string? MessageType,
    DateTime? From,
    DateTime? To) : IValidatableObject
{
    public static readonly DeadLetterSelection Everything = new(null, null, All: true, null, null, null);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var ways = (MessageIds is { Count: > 0 } ? 1 : 0) + (Oldest is not null ? 1 : 0) + (All ? 1 : 0);
        if (ways != 1)
        {
            yield return new ValidationResult("Give exactly one of messageIds, oldest or all.", [nameof(MessageIds)]);
        }
        if (From > To)
        {
            yield return new ValidationResult("from must not be after to.", [nameof(From)]);
        }
    }

    public override string ToString() =>
        MessageIds is { Count: > 0 } ids ? $"{ids.Count} by id"
        : Oldest is { } n ? $"{n} oldest"
        : $"all{(MessageType is null ? "" : $" of {MessageType}")}{(From is null && To is null ? "" : $" from {From:O} to {To:O}")}";
}
